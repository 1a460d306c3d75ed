"""``flask mentorhub create-admin EMAIL``."""

from sqlalchemy import func, select

from mentorhub.accounts.models import User
from mentorhub.extensions import db
from mentorhub.testing import DEFAULT_PASSWORD


def find(app, email):
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        if user is not None:
            _ = (user.student_profile, user.professional_profile)
            db.session.expunge(user)
        return user


def user_count(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


def create_admin(runner, *args, input=None):
    return runner.invoke(args=["mentorhub", "create-admin", *args], input=input)


def test_new_email_with_password_option_creates_a_confirmed_admin(app, runner, client):
    result = create_admin(runner, "Boss@Example.com", "--password", "a long admin password")
    assert result.exit_code == 0, result.output
    assert "Created boss@example.com (boss), a professional and site admin" in result.output
    user = find(app, "boss@example.com")
    assert user.is_admin and user.email_confirmed_at is not None
    assert user.role == "professional" and user.professional_profile is not None
    assert (
        client.post(
            "/login", data={"email": "boss@example.com", "password": "a long admin password"}
        ).status_code
        == 302
    )


def test_role_and_name_options_are_used(app, runner):
    result = create_admin(
        runner,
        "clubs@example.com",
        "--password",
        "a long admin password",
        "--role",
        "student",
        "--name",
        "Careers Office",
    )
    assert result.exit_code == 0, result.output
    user = find(app, "clubs@example.com")
    assert (user.role, user.display_name, user.is_admin) == ("student", "Careers Office", True)
    assert user.student_profile is not None


def test_password_is_asked_for_hidden_and_twice(app, runner):
    result = create_admin(
        runner, "boss@example.com", input="a long admin password\na long admin password\n"
    )
    assert result.exit_code == 0, result.output
    assert "Password for the new account" in result.output
    assert "Repeat for confirmation" in result.output
    assert "a long admin password" not in result.output
    assert find(app, "boss@example.com").is_admin


def test_mismatched_password_prompts_create_nothing(app, runner):
    result = create_admin(
        runner, "boss@example.com", input="a long admin password\nsomething different\n"
    )
    assert result.exit_code == 1
    assert "do not match" in result.output
    assert user_count(app) == 0


def test_existing_member_is_made_admin_without_a_password(app, runner, make_user):
    make_user("student", email="helper@example.com", display_name="Helper")
    result = create_admin(runner, "HELPER@example.com")
    assert result.exit_code == 0, result.output
    assert "helper@example.com (Helper) is now a site admin." in result.output
    user = find(app, "helper@example.com")
    assert user.is_admin and user.role == "student"
    assert user_count(app) == 1


def test_existing_admin_is_left_alone(app, runner, make_user):
    make_user("professional", email="boss@example.com", is_admin=True)
    result = create_admin(runner, "boss@example.com")
    assert result.exit_code == 0
    assert "already a site admin: nothing changed" in result.output


def test_short_password_is_refused_and_nothing_is_created(app, runner):
    result = create_admin(runner, "boss@example.com", "--password", "short")
    assert result.exit_code == 1
    assert "Error: Choose a password of at least 10 characters" in result.output
    assert user_count(app) == 0


def test_invalid_email_is_refused_before_asking_for_a_password(app, runner):
    result = create_admin(runner, "not-an-email", input=f"{DEFAULT_PASSWORD}\n{DEFAULT_PASSWORD}\n")
    assert result.exit_code == 1
    assert "Error: Enter a valid email address" in result.output
    assert "Password for the new account" not in result.output
    assert user_count(app) == 0
