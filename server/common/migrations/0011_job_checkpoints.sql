-- A running training job's resume point (docs/jobs.md, docs/ml.md): the model, the optimiser and
-- the random state after its last epoch, so a node that takes the job over goes on from there
-- instead of starting again. Written by the node that holds the job (fenced by attempt), cleared
-- when the job ends.
ALTER TABLE jobs ADD COLUMN checkpoint bytea;
