from cases.similarity.management.commands._rebuild import RebuildCommand


class Command(RebuildCommand):
    help = "Re-index every report's text in the blind search index (resumable)."
    index = "search"
