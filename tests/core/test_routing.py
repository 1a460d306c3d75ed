"""Ids beyond the database's integer range are a plain 404 on every page, never a 500."""

import pytest

HUGE = 2**31  # one past PostgreSQL's integer maximum


@pytest.mark.parametrize("path", [f"/professionals/{HUGE}", f"/requests/{HUGE}", f"/bookings/{HUGE}.ics"])
def test_an_id_no_row_can_have_is_not_found(client, make_user, login, path):
    login(client, make_user("student"))
    assert client.get(path).status_code == 404


def test_every_int_route_is_capped(app):
    from mentorhub.routing import MAX_ID, IdConverter

    capped = [
        rule.rule
        for rule in app.url_map.iter_rules()
        for converter in rule._converters.values()
        if isinstance(converter, IdConverter)
    ]
    assert capped, "no <int:...> routes found"
    for rule in app.url_map.iter_rules():
        for converter in rule._converters.values():
            if type(converter).__name__ == "IntegerConverter":
                pytest.fail(f"{rule.rule} uses an uncapped int converter")
    assert all(
        c.max == MAX_ID for r in app.url_map.iter_rules() for c in r._converters.values() if isinstance(c, IdConverter)
    )
