import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from website.api.schema import SEED_OPERATIONS_FILE


class Command(BaseCommand):
    help = "Regenerate the project's copy of the contract's operations from the seed's endpoints.json."

    def add_arguments(self, parser):
        parser.add_argument("--seed", default="../shared/seed/endpoints.json", help="Path to endpoints.json.")

    def handle(self, *args, seed, **options):
        path = Path(seed)
        if not path.exists():
            raise CommandError(f"No seed at {path}.")
        operations: dict[str, dict] = {}
        for endpoint in json.loads(path.read_text()):
            operations.setdefault(
                endpoint["operation_id"],
                {
                    "module": endpoint["module"],
                    "title": (endpoint["title"] or endpoint.get("inferred_title") or "").strip(),
                    "description": (endpoint["description"] or "").strip(),
                },
            )
        entries = [{"operationId": operation_id, **entry} for operation_id, entry in operations.items()]
        SEED_OPERATIONS_FILE.write_text(json.dumps(entries, indent=1) + "\n")
        self.stdout.write(f"wrote {len(entries)} operations to {SEED_OPERATIONS_FILE}")
