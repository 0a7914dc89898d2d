"""The ledger screens: upload → preview → confirm, the progress bar of big files (background jobs
with a worker or a thread), downloads, and who may see which job."""

import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from governance.ledgers import jobs, pipeline
from governance.ledgers.models import ExportJob, ImportJob, ImportStatus
from governance.ledgers.registers import DISPUTES
from governance.models import Case
from tests.governance.ledgers.conftest import DISPUTE_HEADER, good_row, upload, xlsx_bytes

pytestmark = pytest.mark.django_db


def post_file(client, data, name="纠纷台账.xlsx"):
    return client.post("/admin/ledgers/disputes/import/", {"resource": "0", "import_file": upload(data, name)})


def test_the_ledger_index_lists_the_registers(client, director):
    client.force_login(director)

    response = client.get("/admin/ledgers/")

    page = response.content.decode()
    for title in ("矛盾纠纷排查调处登记台账", "信访登记台账", "隐患排查整改台账", "联席会议台账", "矛盾隐患排查报告台账"):
        assert title in page
    assert page.count(reverse("ledgers_import", args=["disputes"])) == 1


def test_upload_preview_confirm_imports_the_file(client, director, ledger_center):
    client.force_login(director)
    data = xlsx_bytes([DISPUTE_HEADER, good_row(1), good_row(2)], title="甲镇矛盾纠纷台账（2026年3月）")

    response = post_file(client, data)

    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("ledgers_import_job", args=[job.pk])
    preview = client.get(response["Location"])
    page = preview.content.decode()
    assert job.status == ImportStatus.PREVIEWED and job.preview["new"] == 2
    assert reverse("ledgers_import_confirm", args=[job.pk]) in page
    assert Case.objects.count() == 0  # the preview writes nothing

    confirmed = client.post(reverse("ledgers_import_confirm", args=[job.pk]))

    assert confirmed.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.COMMITTED and job.result == {"created": 2, "skipped": 0}
    assert Case.objects.filter(center=ledger_center).count() == 2


def test_the_preview_lists_every_problem_by_row_column_and_reason_and_offers_no_confirm(client, director):
    client.force_login(director)
    data = xlsx_bytes([DISPUTE_HEADER, good_row(1, 登记日期="2026-02-30"), good_row(2, 联系电话="123", 类别="不存在的类别")], title="台账")

    response = client.get(post_file(client, data)["Location"])

    page = response.content.decode()
    job = ImportJob.objects.get()
    assert job.preview["problem_count"] == 3
    assert "日期“2026-02-30”不存在。" in page
    assert "B列“登记日期”" in page and "E列“联系电话”" in page and "G列“类别”" in page
    assert reverse("ledgers_import_confirm", args=[job.pk]) not in page
    problems = client.get(reverse("ledgers_import_problems", args=[job.pk]))
    text = b"".join(problems.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[0] == "行号,序号,列,问题" and len(text.splitlines()) == 4
    # Confirming anyway does nothing.
    client.post(reverse("ledgers_import_confirm", args=[job.pk]))
    assert Case.objects.count() == 0


def test_an_upload_that_is_not_a_spreadsheet_is_refused_on_the_form(client, director):
    client.force_login(director)

    response = post_file(client, b"\x00\x00binary", "照片.jpg")

    assert response.status_code == 200
    assert "无法识别文件格式" in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_other_users_cannot_see_an_import_job(client, director, staff):
    client.force_login(director)
    post_file(client, xlsx_bytes([DISPUTE_HEADER, good_row(1)]))
    job = ImportJob.objects.get()

    client.force_login(staff)

    assert client.get(reverse("ledgers_import_job", args=[job.pk])).status_code == 404
    assert client.get(reverse("ledgers_job_status", args=["import", job.pk])).status_code == 404


def test_a_department_user_may_not_import(client, police_user):
    client.force_login(police_user)

    response = client.get("/admin/ledgers/disputes/import/")

    assert response.status_code in (302, 403)


# --- big files: the progress bar and the background runner ------------------------------------------


@pytest.fixture
def background(settings):
    """Everything above 3 rows goes to the background; a worker (here: the command) runs it."""
    settings.LEDGER_INLINE_ROWS = 3
    settings.LEDGER_JOB_RUNNER = "worker"
    return settings


def status(client, kind, pk):
    response = client.get(reverse("ledgers_job_status", args=[kind, pk]))
    assert response.status_code == 200
    return response.json()


def test_a_big_import_shows_a_progress_bar_and_finishes_in_the_background(client, director, background):
    client.force_login(director)
    data = xlsx_bytes([DISPUTE_HEADER, *[good_row(n) for n in range(1, 11)]], title="大台账")

    location = post_file(client, data)["Location"]
    job = ImportJob.objects.get()
    page = client.get(location).content.decode()

    assert job.status == ImportStatus.PREVIEW_PENDING
    assert 'class="zz-progress"' in page and reverse("ledgers_job_status", args=["import", job.pk]) in page
    assert "ledgers/progress.js" in page
    assert status(client, "import", job.pk)["finished"] is False

    call_command("ledger_worker", "--once")

    assert status(client, "import", job.pk) | {"status_label": ""} == {
        "status": "previewed",
        "status_label": "",
        "finished": True,
        "percent": 100,
        "stage": "checked",
    }
    client.post(reverse("ledgers_import_confirm", args=[job.pk]))
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.COMMIT_PENDING
    assert status(client, "import", job.pk)["finished"] is False

    call_command("ledger_worker", "--once")

    assert status(client, "import", job.pk)["status"] == "committed"
    assert Case.objects.count() == 10
    assert "已导入" in client.get(location).content.decode() or "Imported" in client.get(location).content.decode()


def test_a_big_export_runs_in_the_background_and_is_downloaded_when_ready(client, director, background, ledger_center):
    pipeline.confirm_import(
        pipeline.start_import(
            user=director, register=DISPUTES, center=ledger_center, uploaded=upload(xlsx_bytes([DISPUTE_HEADER, good_row(1), good_row(2)]))
        )
    )
    call_command("ledger_worker", "--once")
    call_command("ledger_worker", "--once")
    background.LEDGER_INLINE_ROWS = 1
    client.force_login(director)

    response = client.get("/admin/ledgers/disputes/export/", {"go": "1", "resource": "0", "format": "1"})

    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("ledgers_export_job", args=[job.pk])
    assert 'class="zz-progress"' in client.get(response["Location"]).content.decode()
    call_command("ledger_worker", "--once")
    assert status(client, "export", job.pk)["finished"] is True
    page = client.get(response["Location"]).content.decode()
    assert reverse("ledgers_export_download", args=[job.pk]) in page
    download = client.get(reverse("ledgers_export_download", args=[job.pk]))
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    assert len(text.strip().splitlines()) == 3  # header and two rows
    assert ExportJob.objects.get(pk=job.pk).rows == 2


def test_a_job_whose_runner_died_goes_back_to_the_queue(director, ledger_center, background):
    job = pipeline.start_import(
        user=director, register=DISPUTES, center=ledger_center, uploaded=upload(xlsx_bytes([DISPUTE_HEADER, *[good_row(n) for n in range(1, 6)]]))
    )
    long_ago = timezone.now() - timedelta(minutes=10)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.PREVIEWING, started_at=long_ago, heartbeat_at=long_ago, created_at=long_ago)

    call_command("ledger_worker", "--once")

    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.PREVIEWED


def test_a_job_runs_once_even_if_two_runners_try(director, ledger_center, background):
    job = pipeline.start_import(
        user=director, register=DISPUTES, center=ledger_center, uploaded=upload(xlsx_bytes([DISPUTE_HEADER, *[good_row(n) for n in range(1, 6)]]))
    )

    assert jobs.run("import", job.pk) is True
    assert jobs.run("import", job.pk) is False


@pytest.mark.django_db(transaction=True)
def test_in_the_embedded_default_a_thread_of_the_serving_process_runs_the_job(settings, tmp_path, center, make_user):
    from governance.reference_defaults import load_reference

    load_reference()
    settings.LEDGER_JOB_RUNNER = "thread"
    settings.LEDGER_INLINE_ROWS = 1
    director = make_user("director", center)
    data = xlsx_bytes(
        [DISPUTE_HEADER, good_row(1, 登记日期="2025-03-05", 办结日期="2025-03-20"), good_row(2, 登记日期="2025-03-06", 办结日期="2025-03-21")]
    )

    job = pipeline.start_import(user=director, register=DISPUTES, center=center, uploaded=upload(data))
    deadline = time.monotonic() + 60
    while ImportJob.objects.get(pk=job.pk).status != ImportStatus.PREVIEWED and time.monotonic() < deadline:
        time.sleep(0.2)
    job.refresh_from_db()
    assert job.status == ImportStatus.PREVIEWED and job.preview["new"] == 2, (job.status, job.message)

    assert pipeline.confirm_import(job)
    while ImportJob.objects.get(pk=job.pk).status != ImportStatus.COMMITTED and time.monotonic() < deadline:
        time.sleep(0.2)

    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.COMMITTED
    assert Case.objects.count() == 2
