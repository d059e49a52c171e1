from collections import defaultdict

from django.core.management.base import BaseCommand

from website.api.coverage import schema_operation_ids
from website.api.schema import seed_operations


class Command(BaseCommand):
    help = "Print how many of the seed's documented operations the API implements."

    def add_arguments(self, parser):
        parser.add_argument("--missing", action="store_true", help="List the operations not yet implemented.")

    def handle(self, *args, missing=False, **options):
        seed = seed_operations()
        implemented = set(schema_operation_ids()) & set(seed)
        if missing:
            by_module = defaultdict(list)
            for operation_id, entry in seed.items():
                if operation_id not in implemented:
                    by_module[entry["module"]].append(operation_id)
            for module in sorted(by_module):
                self.stdout.write(f"{module} ({len(by_module[module])}):")
                for operation_id in by_module[module]:
                    self.stdout.write(f"  {operation_id}  {seed[operation_id]['title']}")
        self.stdout.write(f"implemented {len(implemented)} of {len(seed)} seed operations")
