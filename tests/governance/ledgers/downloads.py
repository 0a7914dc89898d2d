"""Downloading a ledger export through the admin view, and reading it back (shared by the export tests)."""

import csv
import io


def download(client, url, **params):
    response = client.get(url, {"go": "1", "resource": "0", **params})
    assert response.status_code == 200, response.content[:500]
    assert "attachment" in response["Content-Disposition"]
    return response


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
