"""The prediction worker looks ahead between keys: once a key's answers are shown it answers the likeliest next
keys, and a key it looked ahead for is shown what a fresh engine answers."""

from conftest import type_and_wait
from keyboard_app.workers.prediction_worker import LOOK_AHEAD_JOB
from keyboard_app.workers.predictions import Correction, CorrectionRequest, LookedAhead
from model import Predictor


def answers_in_a_whole_look(context: str, k: int) -> int:
    """How many answers a look-ahead after `context` gets ready when no key comes (a fresh engine's, after the key's
    own answer, whose shown words it reads, as the worker's)."""
    predictor = Predictor.load(device="cpu")
    predictor.suggest(context, k=k, typos=True)
    return predictor.look_ahead(context, k=k, typos=True)


def test_the_worker_looks_ahead_after_a_key_and_a_key_looked_ahead_for_gets_fresh_answers(qtbot, window):
    text = "Thank you for y"
    with qtbot.waitSignal(window.worker.result, timeout=10_000, check_params_cb=lambda answer: (
        isinstance(answer, LookedAhead) and answer.context == text
    )) as looked:
        type_and_wait(qtbot, window, text)
    k = len(window.suggestion_bar.word_buttons)
    assert looked.args[0].ready == answers_in_a_whole_look(text, k) > 1  # nothing came meanwhile: all ready
    fresh = Predictor.load(device="cpu")
    likeliest = fresh.next_chars(text, 1)[0][0]
    type_and_wait(qtbot, window, likeliest)
    shown = [button.text() for button in window.suggestion_bar.word_buttons if button.text()]
    expected = fresh.suggest(text + likeliest, k=k, typos=True)
    assert window.last_prediction.words == expected.words and shown


def test_a_correction_asked_while_the_worker_looks_ahead_comes_first_and_the_look_ahead_goes_on_after(qtbot, window):
    type_and_wait(qtbot, window, "Hello")
    context = "Later that night we "  # a word's first letter: many keys are likely, a long look-ahead
    whole = answers_in_a_whole_look(context, 3)
    answers = []
    window.worker.result.connect(answers.append)
    with qtbot.waitSignal(window.worker.started, timeout=10_000, check_params_cb=lambda job: job == LOOK_AHEAD_JOB):
        window.worker.submit(window.latest_request_id + 1, context, 3, True, True)
    window.worker.ask_correction(CorrectionRequest(1, "Later that night", "wnet", 0))

    def looked_ahead() -> list[tuple[int, int]]:  # (answers ready, place among the answers)
        return [(a.ready, i) for i, a in enumerate(answers) if isinstance(a, LookedAhead) and a.context == context]

    qtbot.waitUntil(lambda: any(ready == whole for ready, _ in looked_ahead()), timeout=30_000)
    looked = looked_ahead()
    corrected = next(index for index, a in enumerate(answers) if isinstance(a, Correction))
    assert looked[0][0] < whole and looked[0][1] < corrected  # stopped for the correction
    assert answers[corrected].candidates == ["went"]
    assert looked[-1][0] == whole and looked[-1][1] > corrected  # then looked ahead at all it looks at
