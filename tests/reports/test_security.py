"""Read-only public pages refuse other methods; every response carries a CSP; logins are throttled."""
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

PUBLIC = [
    ("reports:home", []), ("reports:report-list", []), ("reports:measure-list", []), ("reports:coverage", []),
    ("reports:search", []), ("reports:feed-reports", []), ("reports:feed-reports-atom", []),
    ("reports:feed-region", ["330000"]), ("reports:feed-topic", ["legal-aid"]), ("reports:api-index", []),
    ("reports:api-reports", []), ("reports:api-indicators", []), ("reports:api-indicator-types", []),
    ("indicators:indicator-list", []), ("indicators:type-list", []), ("indicators:type-detail", ["legal-aid-cases"]),
    ("reports:region-detail", ["330000"]),
]


@pytest.mark.parametrize("name,args", PUBLIC)
@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_public_views_and_feeds_answer_405_to_methods_they_do_not_serve(client, archive, name, args, method):
    url = reverse(name, args=args)
    assert client.get(url).status_code == 200, url
    response = getattr(client, method)(url)
    assert response.status_code == 405, f"{method.upper()} {url} → {response.status_code}"
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD"}


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_detail_pages_answer_405(client, archive, method):
    report = archive.reports.hangzhou
    for url in (reverse("reports:report-detail", args=[report.pk]),
                reverse("reports:api-report-detail", args=[report.pk]),
                reverse("reports:agency-detail", args=[report.agency_id])):
        assert getattr(client, method)(url).status_code == 405, url


def test_public_pages_and_admin_send_a_content_security_policy(client, archive, admin_client):
    for response in (client.get(reverse("reports:home")), client.get(reverse("reports:feed-reports")),
                     admin_client.get(reverse("admin:indicators_indicator_changelist"))):
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy and "style-src 'self'" in policy
        assert "unsafe-inline" not in policy and "object-src 'none'" in policy


# ---------------------------------------------------------------- login throttling (django-axes)


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user("bianji", password="right-password-1", is_staff=True)


def attempt(client, password, address="10.0.0.1", username="bianji"):
    return client.post(reverse("admin:login"), {"username": username, "password": password,
                                                "next": "/admin/"}, REMOTE_ADDR=address)


def test_fifty_wrong_passwords_then_the_right_one_is_refused(client, staff, settings):
    for _ in range(50):
        response = attempt(client, "wrong")
    assert response.status_code == 429
    response = attempt(client, "right-password-1")
    page = response.content.decode()
    assert response.status_code == 429 and "登录已暂停" in page and "连续 5 次输错密码" in page
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # still sent to the login page


def test_lockout_is_per_account_and_address(client, staff):
    get_user_model().objects.create_user("other", password="other-password-1", is_staff=True)
    for _ in range(5):
        attempt(client, "wrong")
    assert attempt(client, "right-password-1").status_code == 429
    # The same account from another address, and another account from this address, still log in.
    assert attempt(client, "right-password-1", address="10.0.0.2").status_code == 302
    client.logout()
    assert attempt(client, "other-password-1", username="other").status_code == 302


def test_a_few_mistakes_do_not_lock_and_axes_reset_unlocks(client, staff):
    for _ in range(4):
        assert attempt(client, "wrong").status_code == 200  # the login form again, with its error
    assert attempt(client, "right-password-1").status_code == 302
    client.logout()
    for _ in range(5):
        attempt(client, "wrong")
    assert attempt(client, "right-password-1").status_code == 429
    call_command("axes_reset_username", "bianji", verbosity=0)
    assert attempt(client, "right-password-1").status_code == 302


def test_client_login_in_tests_still_works(client, staff, rf):
    # Tests use force_login; client.login must keep working too (django-axes needs the request).
    assert client.login(request=rf.get("/"), username="bianji", password="right-password-1")
