"""The app factory, health check, error pages and the production secret-key guard."""

import pytest

from mentorhub import create_app


def test_home_page_explains_informational_interviews(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"informational interviews" in response.data
    assert b"never for a job" in response.data


def test_healthz_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_unknown_page_is_a_styled_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert b"Page not found" in response.data
    assert b"mentorhub.css" in response.data


def test_404_answers_json_when_asked(client):
    response = client.get("/no-such-page", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.get_json()["status"] == 404


def test_production_refuses_to_start_without_secret_key(tmp_path, monkeypatch):
    monkeypatch.delenv("MENTORHUB_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="MENTORHUB_SECRET_KEY"):
        create_app({"INSTANCE_PATH": str(tmp_path), "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})


def test_development_creates_secret_key_once(tmp_path):
    config = {"INSTANCE_PATH": str(tmp_path), "ENV": "development", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"}
    first = create_app(config).secret_key
    assert (tmp_path / "secret_key").exists()
    assert create_app(config).secret_key == first


def _production_app(tmp_path, **config):
    from mentorhub import create_app

    return create_app({"SECRET_KEY": "k", "INSTANCE_PATH": str(tmp_path / "instance"),
                       "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db", **config})


def test_production_without_a_site_url_warns_at_start_and_in_readyz(tmp_path, caplog):
    app = _production_app(tmp_path)
    assert "MENTORHUB_SITE_URL is not set" in caplog.text
    answer = app.test_client().get("/readyz")
    assert answer.status_code == 200
    assert answer.json["status"] == "ok" and answer.json["database"] == "ok"
    assert "MENTORHUB_SITE_URL is not set" in answer.json["warnings"][0]


def test_a_configured_site_url_gives_no_warning(tmp_path, caplog):
    app = _production_app(tmp_path, SITE_URL="https://mentorhub.example.org")
    assert "MENTORHUB_SITE_URL" not in caplog.text
    assert app.test_client().get("/readyz", headers={"Host": "mentorhub.example.org"}).json["warnings"] == []
    broken = _production_app(tmp_path, SITE_URL="mentorhub.example.org")
    assert "not an absolute http(s) address" in broken.test_client().get("/readyz").json["warnings"][0]


def test_readyz_is_503_when_the_database_does_not_answer(tmp_path):
    app = _production_app(tmp_path, SITE_URL="http://localhost",
                          SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/missing/folder/x.db")
    answer = app.test_client().get("/readyz")
    assert answer.status_code == 503
    assert answer.json == {"status": "unavailable", "database": "unreachable", "warnings": []}
