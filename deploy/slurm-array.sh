#!/usr/bin/env bash
# Runs the standard study as a Slurm job array of 8 shards, then a dependent merge job.
# Submit from the repository root, after `dotnet publish runner -c Release -o publish`:
#   sbatch deploy/slurm-array.sh
# Shard I of N: `--shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT` (array 0-7 is 8 tasks).
#SBATCH --job-name=simulate-shards
#SBATCH --array=0-7
#SBATCH --cpus-per-task=2
#SBATCH --time=01:00:00
#SBATCH --output=shards/%A_%a.log
set -euo pipefail

if [ -n "${SLURM_ARRAY_TASK_ID:-}" ]; then
  dotnet publish/simulate.dll run scenarios/standard.yaml --paths 1000000 \
    --shard "${SLURM_ARRAY_TASK_ID}/${SLURM_ARRAY_TASK_COUNT}" --out shards --no-progress
  # Task 0 queues the merge, which waits until every task of the array has finished.
  if [ "${SLURM_ARRAY_TASK_ID}" = "0" ]; then
    sbatch --dependency="afterok:${SLURM_ARRAY_JOB_ID}" --job-name=simulate-merge \
      --wrap="dotnet publish/simulate.dll merge shards --out output/standard"
  fi
fi
