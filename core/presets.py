"""Stage presets a new journey can start from (DESIGN.md section 2)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class StagePreset:
    key: str
    name: str
    description: str
    stages: tuple[tuple[str, str], ...]  # (key, name) in order


PRESETS: dict[str, StagePreset] = {
    preset.key: preset
    for preset in (
        StagePreset(
            "lifecycle",
            "Customer lifecycle",
            "awareness, consideration, decision, retention, advocacy",
            (
                ("awareness", "Awareness"),
                ("consideration", "Consideration"),
                ("decision", "Decision"),
                ("retention", "Retention"),
                ("advocacy", "Advocacy"),
            ),
        ),
        StagePreset(
            "see-think-do-care",
            "See, Think, Do, Care",
            "Avinash Kaushik's intent clusters",
            (("see", "See"), ("think", "Think"), ("do", "Do"), ("care", "Care")),
        ),
        StagePreset(
            "aida",
            "AIDA",
            "attention, interest, desire, action",
            (
                ("attention", "Attention"),
                ("interest", "Interest"),
                ("desire", "Desire"),
                ("action", "Action"),
            ),
        ),
        StagePreset(
            "seven-phases",
            "The 7 phases",
            "need, orientation, consideration, decision, delivery, usage, loyalty",
            (
                ("need", "Need"),
                ("orientation", "Orientation"),
                ("consideration", "Consideration"),
                ("decision", "Decision"),
                ("delivery", "Delivery"),
                ("usage", "Usage"),
                ("loyalty", "Loyalty"),
            ),
        ),
        StagePreset(
            "before-during-after",
            "Before, during, after",
            "the service-blueprint frame",
            (("before", "Before"), ("during", "During"), ("after", "After")),
        ),
    )
}
