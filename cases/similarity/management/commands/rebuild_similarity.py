from cases.similarity.management.commands._rebuild import RebuildCommand


class Command(RebuildCommand):
    help = "Recompute near-duplicate signatures and pairs of every report (resumable)."
    index = "similarity"
