# Exercise 6.11 — the final network (4 points), assignment 06_optimizers_regularization
# Generated from source/06_optimizers_regularization/06_optimizers_regularization.ipynb by `python -m nncourse build`: edit the source, not this file.
# final_config: dict for fit(final_config, X, Y): keys "hidden" (list of at most 2 ints <= 256),
# "optimizer", "lr", "epochs" (<= 30), "batch_size" (>= 16), and any optional key of the table in
# "The training loop" ("momentum", "weight_decay", "schedule", "step_epochs", "warmup_steps",
# "l2", "dropout")
final_config = {"hidden": [128], "optimizer": "sgd", "lr": 0.05, "epochs": 3, "batch_size": 64}
final_config = {"hidden": [256], "optimizer": "adam", "lr": 3e-3, "schedule": "cosine",
                "l2": 1e-3, "epochs": 20, "batch_size": 64}
