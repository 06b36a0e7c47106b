# Kit's entry points. `make run` and `make test` are the README's two commands.
PY := .venv/bin/python

.PHONY: setup run train test evaluate check preview crossval crossval-risk bench lock soak clean

setup:
	@bash scripts/setup.sh

run: setup
	@$(PY) -m bot run

train: setup
	@$(PY) -m bot train

# validate -> train -> content check -> pytest (Rasa test stories, API, safety, e2e)
test: setup
	@bash scripts/test.sh

# The public smoke test, Kit's own development set, then the held-out set read
# only by its per-family figures (eval/dev/, eval/holdout/: written
# apart from the training data and never trained on), reported per family.
evaluate: setup
	@$(PY) -m bot evaluate ../shared/eval/public_cases.yml
	@$(PY) -m bot evaluate eval/dev
	@$(PY) -m bot evaluate eval/topics
	@$(PY) -m bot evaluate eval/holdout

check: setup
	@$(PY) -m bot content check

# Static site of every conversation and response (open preview/index.html).
preview: setup
	@$(PY) -m bot content preview

# NLU 5-fold cross-validation, on demand only (slow).
crossval: setup
	@RASA_TELEMETRY_ENABLED=false PYTHONPATH=. $(PY) -m bot.crossval

# The risk classifier judged on each family of phrasing held out in turn.
crossval-risk: setup
	@RASA_TELEMETRY_ENABLED=false PYTHONPATH=. $(PY) -m bot.risk_crossval $(ARGS)

# Load, latency, memory, training and cold start (issue #9); slow, not in `make test`.
# Results: bench/results/*.json. Options: make bench ARGS="--no-train --rounds 1".
bench: setup
	@$(PY) -m bench $(ARGS)

lock:
	@bash scripts/lock.sh

# Bounded loopback soak (~10 min, KIT_SOAK_SECONDS): memory growth <= 10%, 0 errors.
# Not part of `make test`.
soak: setup
	@RASA_TELEMETRY_ENABLED=false PYTHONPATH=. $(PY) scripts/soak.py

clean:
	rm -rf models .rasa results preview
