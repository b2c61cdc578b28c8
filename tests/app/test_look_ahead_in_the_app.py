"""The prediction worker looks ahead between keys: once a key's answers are shown it answers the likeliest next
keys, and a key it looked ahead for is shown what a fresh engine answers."""

from conftest import type_and_wait
from keyboard_app.workers.predictions import LookedAhead
from model import Predictor
from model.predict.look_ahead import LOOK_AHEAD_CHARACTERS


def test_the_worker_looks_ahead_after_a_key_and_a_key_looked_ahead_for_gets_fresh_answers(qtbot, window):
    text = "Thank you for y"
    with qtbot.waitSignal(window.worker.result, timeout=10_000, check_params_cb=lambda answer: (
        isinstance(answer, LookedAhead) and answer.context == text
    )) as looked:
        type_and_wait(qtbot, window, text)
    assert looked.args[0].characters == LOOK_AHEAD_CHARACTERS  # nothing came meanwhile: all the likeliest are ready
    fresh = Predictor.load(device="cpu")
    likeliest = fresh.next_chars(text, 1)[0][0]
    type_and_wait(qtbot, window, likeliest)
    shown = [button.text() for button in window.suggestion_bar.word_buttons if button.text()]
    expected = fresh.suggest(text + likeliest, k=len(window.suggestion_bar.word_buttons), typos=True)
    assert window.last_prediction.words == expected.words and shown
