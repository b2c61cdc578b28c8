"""The prediction worker looks ahead between keys: once a key's answers are shown it answers the likeliest next
keys, and a key it looked ahead for is shown what a fresh engine answers."""

from conftest import type_and_wait
from keyboard_app.workers.prediction_worker import LOOK_AHEAD_JOB
from keyboard_app.workers.predictions import Correction, CorrectionRequest, LookedAhead
from model import Predictor
from model.predict.look_ahead import LOOK_AHEAD_CHARACTERS, LOOK_AHEAD_PROBABILITY, likeliest_characters


def test_the_worker_looks_ahead_after_a_key_and_a_key_looked_ahead_for_gets_fresh_answers(qtbot, window):
    text = "Thank you for y"
    with qtbot.waitSignal(window.worker.result, timeout=10_000, check_params_cb=lambda answer: (
        isinstance(answer, LookedAhead) and answer.context == text
    )) as looked:
        type_and_wait(qtbot, window, text)
    fresh = Predictor.load(device="cpu")
    likely = likeliest_characters(fresh.next_chars(text, LOOK_AHEAD_CHARACTERS), LOOK_AHEAD_PROBABILITY)
    assert looked.args[0].characters == len(likely) > 1  # nothing came meanwhile: all the likeliest are ready
    likeliest = fresh.next_chars(text, 1)[0][0]
    type_and_wait(qtbot, window, likeliest)
    shown = [button.text() for button in window.suggestion_bar.word_buttons if button.text()]
    expected = fresh.suggest(text + likeliest, k=len(window.suggestion_bar.word_buttons), typos=True)
    assert window.last_prediction.words == expected.words and shown


def test_a_correction_asked_while_the_worker_looks_ahead_comes_first_and_the_look_ahead_goes_on_after(qtbot, window):
    type_and_wait(qtbot, window, "Hello")
    context = "Later that night we "  # a word's first letter: many keys are likely, a long look-ahead
    characters = Predictor.load(device="cpu").next_chars(context, LOOK_AHEAD_CHARACTERS)
    likely = likeliest_characters(characters, LOOK_AHEAD_PROBABILITY)
    answers = []
    window.worker.result.connect(answers.append)
    with qtbot.waitSignal(window.worker.started, timeout=10_000, check_params_cb=lambda job: job == LOOK_AHEAD_JOB):
        window.worker.submit(window.latest_request_id + 1, context, 3, True, True)
    window.worker.ask_correction(CorrectionRequest(1, "Later that night", "wnet", 0))

    def looked_ahead() -> list[tuple[int, int]]:  # (characters ready, place among the answers)
        return [(a.characters, i) for i, a in enumerate(answers) if isinstance(a, LookedAhead) and a.context == context]

    qtbot.waitUntil(lambda: any(characters == len(likely) for characters, _ in looked_ahead()), timeout=20_000)
    looked = looked_ahead()
    corrected = next(index for index, a in enumerate(answers) if isinstance(a, Correction))
    assert looked[0][0] < len(likely) and looked[0][1] < corrected  # stopped for the correction
    assert answers[corrected].candidates == ["went"]
    assert looked[-1][0] == len(likely) and looked[-1][1] > corrected  # then looked ahead at all the likeliest
