#!/bin/sh
# PrairieLearn external grader entrypoint: the student's files are in /grade/student, the results file goes
# to /grade/results/results.json. LAB is the lab's id (set it in the question's environment or edit it here).
LAB="${SOCKLAB_LAB:?set SOCKLAB_LAB to the lab id, e.g. 02-tcp-echo}"
mkdir -p /grade/results
socklab grade "$LAB" /grade/student --format prairielearn --out /grade/results/results.json
status=$?
# 0 passed, 1 a check failed: both wrote the results; 2 means no results, so say why to PrairieLearn
if [ "$status" -ge 2 ] || [ ! -s /grade/results/results.json ]; then
  printf '{"gradable": false, "score": 0, "message": "The grader could not run (exit status %s); see the job log."}\n' "$status" > /grade/results/results.json
fi
exit 0
