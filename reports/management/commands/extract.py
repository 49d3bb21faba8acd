import json

from django.core.management.base import BaseCommand, CommandError

from reports.lexicon import lexicon_or_fixtures
from reports.pipeline import parse_file
from reports.text.types import ExtractionError


class Command(BaseCommand):
    help = (
        "Extract metadata, outline, measures and indicators from report files and print them "
        "(JSON list, one object per file, in the order given). Writes nothing to the database."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="report files: .txt (UTF-8 or GB18030/GBK), .html/.htm web pages, .docx, .pdf with a text layer")
        parser.add_argument("--format", choices=["json", "summary"], default="json",
                            help="json: the spec's JSON list (default); summary: one line per file")
        parser.add_argument("--indent", type=int, default=None, help="pretty-print the JSON with this indent")

    def handle(self, *args, files, format, indent, verbosity, **options):
        results, failed = [], []
        # The topics and dictionary editors keep; the fixtures where no archive is set up.
        lexicon = lexicon_or_fixtures()
        for path in files:
            try:
                parsed = parse_file(path, lexicon)
            except ExtractionError as exc:
                failed.append(str(exc))
                self.stderr.write(self.style.ERROR(f"error: {exc}"))
                continue
            results.append(parsed)
            if verbosity >= 2:
                self.stderr.write(f"{path}: {len(parsed.sections)} sections, {len(parsed.measures)} measures, "
                                  f"{len(parsed.indicators)} indicators")
        if format == "json":
            self.stdout.write(json.dumps([p.to_json() for p in results], ensure_ascii=False, indent=indent))
        else:
            for p in results:
                self.stdout.write(f"{p.source}\t{p.year}\t{p.period}\t{p.region.code}\t{p.agency}\t"
                                  f"{len(p.sections)}\t{len(p.indicators)}\t{p.title}")
        if failed:
            raise CommandError(f"{len(failed)} of {len(files)} file(s) could not be extracted", returncode=1)
