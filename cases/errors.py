class ActionError(ValueError):
    """A request an action refuses for a reason the user can fix; shown to them (form or 422)."""

    def __init__(self, message, field: str = "__all__"):
        super().__init__(message)
        self.message = message
        self.field = field
