from django_tasks import task

from warta.alerts import services


@task()
def fan_out_alert_task(alert_id: int) -> dict[str, int]:
    """Push an alert to its audience. Safe to run twice and after a crash: it resumes after
    the last batch it finished (services.fan_out_alert)."""
    alert = services.fan_out_alert(alert_id)
    return {"delivered": alert.delivered, "expired": alert.expired, "failed": alert.failed}
