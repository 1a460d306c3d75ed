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
