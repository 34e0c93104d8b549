"""`warta newsletter_send`: build and send an edition now, or resume one.

    warta newsletter_send --site HOST --list SLUG     build today's edition and send it
    warta newsletter_send --issue ID [--take-over]    send what an issue has left (after a crash)

The send runs in this process (the worker does the same for scheduled editions); stopping it
at any moment loses nobody and, on resume, sends nobody a second copy."""

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from warta.newsletters import services
from warta.newsletters.models import Issue, NewsletterList


class Command(BaseCommand):
    help = "Build and send a newsletter edition now, or resume an interrupted send."

    def add_arguments(self, parser):
        parser.add_argument("--site", help="hostname of the list's site")
        parser.add_argument("--list", dest="slug", help="the list's slug")
        parser.add_argument("--issue", type=int, help="an issue to (re)send")
        parser.add_argument(
            "--take-over",
            action="store_true",
            help="send rows a stopped sender had claimed now (only when no other sender runs)",
        )
        parser.add_argument("--batch", type=int, default=200)

    def handle(self, *args, **options):
        if options["issue"]:
            issue = Issue.objects.filter(pk=options["issue"]).first()
            if issue is None:
                raise CommandError(f"no issue {options['issue']}")
        else:
            if not (options["site"] and options["slug"]):
                raise CommandError("give --issue ID, or --site HOST and --list SLUG")
            site = Site.objects.filter(hostname=options["site"]).first()
            if site is None:
                raise CommandError(f"no site with hostname {options['site']!r}")
            newsletter = NewsletterList.objects.filter(site=site, slug=options["slug"]).first()
            if newsletter is None:
                raise CommandError(f"no list {options['slug']!r} on {site.hostname}")
            issue = services.build_issue(newsletter)
            self.stdout.write(f"Built issue {issue.pk}: {issue.subject}")
        if issue.status in (Issue.DRAFT, Issue.SCHEDULED):
            try:
                recipients = services.start_send(issue, enqueue=False)
            except services.NewsletterError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(f"Issue {issue.pk}: sending to {recipients} subscribers")
        try:
            report = services.send_pending(
                issue.pk, batch_size=options["batch"], take_over=options["take_over"]
            )
        except services.SendInterrupted as exc:
            raise CommandError(
                f"the mail server went away ({exc}); run again with --issue {issue.pk}"
            ) from exc
        state = "finished" if report.finished else "not finished (rows held by another sender)"
        self.stdout.write(
            f"Issue {issue.pk}: {report.sent} sent, {report.failed} failed, "
            f"{report.skipped} skipped, {report.released} taken over; {state}."
        )
