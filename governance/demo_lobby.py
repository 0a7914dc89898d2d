"""Demo lobby screens, queue services and reception windows (idempotent)."""

from governance.models import LobbyScreen, QueueService, ReceptionWindow


def load_demo_lobby(center, data):
    created = 0
    for screen in data["screens"]:
        _obj, was_created = LobbyScreen.objects.get_or_create(
            slug=screen["slug"],
            defaults={
                "center": center,
                "name": screen["name"],
                "location": screen["location"],
                "size": screen["size"],
                "layout": [(kind, value) for kind, value in screen["layout"]],
            },
        )
        created += was_created
    services = {}
    for prefix, name in data["services"]:
        services[prefix], was_created = QueueService.objects.get_or_create(center=center, prefix=prefix, defaults={"name": name})
        created += was_created
    for number, prefixes in data["windows"]:
        window, was_created = ReceptionWindow.objects.get_or_create(center=center, number=number)
        if was_created:
            window.services.set([services[p] for p in prefixes])
        created += was_created
    return created
