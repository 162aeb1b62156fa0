#!/bin/sh
# PrairieLearn's external grader entrypoint: the student's files are in /grade/student, the results go to
# /grade/results/results.json. SOCKLAB_LAB is the lab's id (the question's externalGradingOptions.environment).
# GRADE_ROOT (default /grade) moves every path, for trying it on a copy.
ROOT="${GRADE_ROOT:-/grade}"
LAB="${SOCKLAB_LAB:?set SOCKLAB_LAB to the lab id, e.g. 02-tcp-echo}"
mkdir -p "$ROOT/results"
rm -f "$ROOT/results/results.json"
socklab grade "$LAB" "$ROOT/student" --format prairielearn --out "$ROOT/results/results.json"
status=$?
# 0 passed, 1 a check failed: both wrote the results; 2 or no file means no grading, which PrairieLearn shows
if [ ! -s "$ROOT/results/results.json" ]; then
  printf '{"gradable": false, "score": 0, "message": "The grader could not run (exit status %s); see the job log."}\n' "$status" \
    > "$ROOT/results/results.json"
fi
exit 0
