import re


def test_pages_send_protective_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    assert f'<script nonce="{nonce}">' in response.text
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_each_response_gets_a_new_nonce(client):
    first = re.search(r"'nonce-([^']+)'", client.get("/").headers["Content-Security-Policy"]).group(1)
    second = re.search(r"'nonce-([^']+)'", client.get("/").headers["Content-Security-Policy"]).group(1)
    assert first != second


def test_resume_links_are_not_sent_to_other_sites(client):
    assert client.get("/resume/ABCDEFGHJKMN").headers["Referrer-Policy"] == "same-origin"
