"""The sentences a person reads about what went wrong: the engine raises typed errors with the facts, the
app's workers pass them on, and this module alone turns them into words (one function per kind)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from keyboard_app.workers.prediction_worker import ModelReady
    from model import DefaultModelRestored

from keyboard_app.workers.prediction_worker import LEARN_JOB, OPEN_PERSONAL_JOB, PREPARE_TYPOS_JOB, REPAIR_JOB
from model import DeviceError, ModelFileError, ProtectedModelError

WORKER_JOB_FAILURES = {
    "predict": "Prediction failed (the log has the details)",
    "phrase": "A phrase could not be predicted (the log has the details)",
    REPAIR_JOB: "The models folder could not be prepared",
    OPEN_PERSONAL_JOB: "The words learned from your writing could not be opened",
    LEARN_JOB: "Learning from your writing failed",
    PREPARE_TYPOS_JOB: "Typo correction could not be prepared",
    "set device": "The device could not be changed",
    "swap weights": "Learned weights could not be used",
}


def worker_job_failed(job: str, error: BaseException) -> str:
    """A failed job of the prediction worker (by its name), in words."""
    return describe(error, WORKER_JOB_FAILURES.get(job, "The prediction worker failed"))


def reason_of(error: BaseException) -> str:
    """The why of an error, short: an OSError's text with its file, a ModelFileError's reason, else its message."""
    if isinstance(error, OSError):
        text = error.strerror or str(error)
        return f"{text}: {error.filename}" if error.filename and str(error.filename) not in text else text
    if isinstance(error, ModelFileError):
        return f"{error.path.name}: {error.reason}"
    if isinstance(error, DeviceError):
        return f"{error.device} is {error.reason}"
    if isinstance(error, ProtectedModelError):
        return f"{error.name} comes with the app or lies outside the models folder"
    return str(error) or type(error).__name__


def describe(error: BaseException, what_failed: str) -> str:
    """"What failed: why." for any error (a round, a save, a deletion)."""
    return f"{what_failed}: {reason_of(error)}."


def model_ready_notices(ready: ModelReady) -> list[str]:
    """What the user must know about a model that was just loaded: a stand-in, a missing device, a word list."""
    notices = []
    if (failure := ready.model_failure) is not None:
        notices.append(
            f"Your model {failure.path.name} could not be loaded ({failure.reason}). The default model is used; "
            f"{failure.path.name} stays in the models folder."
        )
    if (device := ready.device_failure) is not None:
        notices.append(f"Cannot use device {device.device} ({device.reason}). Using the CPU.")
    if (word_list := ready.word_list_failure) is not None:
        notices.append(
            f"The general English word list {word_list.path.name} could not be read ({word_list.reason}): "
            "suggestions go on without it. Reinstalling the app restores it."
        )
    return notices


def no_model(error: BaseException) -> str:
    """Not even the shipped default model loads (a broken installation)."""
    return f"No model could be loaded ({reason_of(error)}). Reinstalling the app restores the default model."


def default_model_restored(restored: DefaultModelRestored) -> str:
    """The start-up repair replaced a damaged copy of the default model."""
    return (
        f"Your copy of the default model was damaged and has been restored; "
        f"the damaged file was kept as {restored.kept_as.name}."
    )
