"""One module per question type; each has `build(ctx) -> Iterator[Question]`."""
from . import best_rewrite, number, ordering, pick_bad, spot_message, true_false, which_norm

BUILDERS = {
    "pick_bad": pick_bad.build,
    "which_norm": which_norm.build,
    "best_rewrite": best_rewrite.build,
    "true_false": true_false.build,
    "number": number.build,
    "ordering": ordering.build,
    "spot_message": spot_message.build,
}
