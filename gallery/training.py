"""Gallery entries for the trainer: the lecture's first PyTorch model on real Fashion-MNIST."""

from vizdl.gallery import claim, knob, lecture, topic

t = topic(
    "training",
    "A first PyTorch model on Fashion-MNIST",
    blurb="The lecture's 784-128-10 network trained for real on Fashion-MNIST: learning curves, "
    "overfitting, inference, weight histograms per initializer, the train/val/test split — and "
    "the lecture's printed numbers reproduced.",
    lecture="002",
    order=12,
)

# The names vizdl.sim.training accepts (ARCHITECTURES, OPTIMIZERS, SPLITS, DEVICES), written out
# so that listing the gallery never imports the simulation (and torch);
# tests/gallery/test_knobs_approximation_training.py checks them against it.
_MODELS = ("784-128-10", "784-200-10")
_OPTIMIZERS = (
    "sgd",
    "momentum",
    "nesterov",
    "adagrad",
    "adadelta",
    "rmsprop",
    "adam",
    "adamw",
    "adamax",
    "nadam",
)
_SPLITS = ("standard", "lecture")
_DEVICES = ("auto", "cpu", "cuda")

# The trainer's knobs (vizdl.sim.training.TrainConfig), declared once; each entry picks the ones
# it sets, in its order, with its defaults (_train below).
_TRAIN = dict(
    model=knob(
        "784-128-10",
        "network: input pixels - hidden ReLU units - classes ('784-128-10' is the lecture's)",
        choices=_MODELS,
    ),
    optimizer=knob(
        "adam",
        "torch.optim optimizer ('momentum' and 'nesterov': SGD with momentum 0.9)",
        choices=_OPTIMIZERS,
    ),
    lr=knob(1e-3, "learning rate η of the optimizer", low=1e-6, high=10.0),
    batch_size=knob(
        100, "training images per mini-batch (one gradient update each)", low=10, high=10_000
    ),
    epochs=knob(4, "training epochs (passes over the training images)", low=1, high=200),
    split=knob(
        "standard",
        "Fashion-MNIST split: 'standard' = official 60,000 / 10,000, no validation set; "
        "'lecture' = all 70,000, 70/15/15",
        choices=_SPLITS,
    ),
    limit=knob(
        0,
        "training images kept, the first after the shuffle (0 = the whole training split)",
        low=0,
        high=60_000,
    ),
    examples=knob(
        12,
        "first test images whose ten scores are kept (the inference figure shows the first)",
        low=1,
        high=100,
    ),
    device=knob(
        "cpu",
        "where to train: 'cpu' (reproducible), 'cuda' (needs a GPU) or 'auto' (cuda if present)",
        choices=_DEVICES,
    ),
)


def _train(**defaults: object) -> dict:
    """The trainer's knobs named in ``defaults``, in that order, each with that default."""
    return {name: _TRAIN[name].with_default(value) for name, value in defaults.items()}


# The lecture's model and optimizer (002, "PyTorch - training loop"); CPU for reproducibility.
_LECTURE_RUN = _train(
    model="784-128-10",
    optimizer="adam",
    lr=1e-3,
    batch_size=100,
    epochs=4,
    split="standard",
    examples=12,
    device="cpu",
)
_CURVES = _train(
    model="784-128-10",
    optimizer="adam",
    lr=1e-3,
    batch_size=100,
    epochs=10,
    split="lecture",
    device="cpu",
)
_COMPARE = _train(model="784-200-10", optimizer="sgd", lr=0.1, batch_size=100, epochs=10)
_C = "vizdl.checks.training:"
_STEP = r"$\theta \leftarrow \theta - \eta\, \frac{\partial C}{\partial \theta}$"

t.figure(
    "lecture-numbers",
    title="The lecture's printed accuracies beside vizdl's runs of its code",
    compute="vizdl.sim.training:lecture_check",
    draw="vizdl.render.mpl.training:figure_lecture_check",
    params=dict(
        seeds=knob(
            (0, 1, 2),
            "random seeds: each trains the model twice (lr 1e-4, the lecture's code, and 1e-3), "
            "one marker per seed",
            low=0,
            high=2**63 - 1,  # vizdl.sim._checks.SEED_MAX
        ),
        epochs=knob(
            4,
            "training epochs of each run (the lecture printed 4, compared epoch by epoch)",
            low=1,
            high=4,
        ),
        device=_TRAIN["device"],
    ),
    figsize=(14.0, 5.2),
    caption="The lecture's code trains 784-128-10 (ReLU) with Adam at lr {lr_code:g}, batch "
    "{batch_size}, on the {n_train:,} training images ({iterations_per_epoch} iterations per "
    "epoch); its training loop prints the running training accuracy after each epoch (left, "
    "stars: ending at {lecture_train_last:.3f}%), and its test-set slide prints "
    "{lecture_test:.2f}% test accuracy after 4 epochs (2400 iterations) without restating the "
    "learning rate (right, line). vizdl runs the same loop from {n_seeds} seeds, for {epochs} "
    "epochs ({iterations} iterations). Left: at lr {lr_code:g} every seed is within "
    "{train_dev_max:.2f} points of every printed training accuracy (ending at "
    "{train_acc_last_min:.2f}–{train_acc_last_max:.2f}%). Right: at that lr the test accuracy "
    "is {code_test_min:.2f}–{code_test_max:.2f}%, {code_gap_min:.1f}–{code_gap_max:.1f} points "
    "below the printed {lecture_test:.2f}%; at lr {lr_fast:g} it is "
    "{fast_test_min:.2f}–{fast_test_max:.2f}%, within {test_tol:.0f} point of it. So the "
    "printed test accuracy matches a run at lr {lr_fast:g}, not the code shown. The loop is the "
    "lecture's; the data lives in one tensor and a mini-batch is an index into it, which is "
    "what makes it fast.",
    claims=[
        claim(
            "At the lecture's lr {lr_code:g} every seed's running training accuracy is within "
            "{train_tol:.0f} point of the printed one at each of the {epochs} epochs (largest "
            "difference {train_dev_max:.2f} points).",
            _C + "lecture_train_accuracy_reproduced",
        ),
        lecture(
            "Epoch: 01, Iteration: 600, Loss: 0.7919, Accuracy: 69.465% / Epoch: 02, Iteration: "
            "1200, Loss: 0.5634, Accuracy: 80.110% / Epoch: 03, Iteration: 1800, Loss: 0.2925, "
            "Accuracy: 82.467% / Epoch: 04, Iteration: 2400, Loss: 0.4984, Accuracy: 83.615% "
            "[its code: Adam, lr=0.0001, batch_size=100; the accuracies are compared, the "
            "single-batch losses are not]",
            _C + "lecture_train_accuracy_reproduced",
        ),
        claim(
            "Each epoch is {iterations_per_epoch} iterations ({n_train:,} images / batch "
            "{batch_size}), {iterations} in {epochs} epochs, as the lecture counts them.",
            _C + "lecture_iterations",
        ),
        lecture(
            "After 4 epochs (2400 iterations) Loss: 0.2738 Accuracy: 86.65% [test set; compared "
            "with the lecture's code, lr=0.0001, within {test_tol:.0f} point]",
            _C + "lecture_test_accuracy_at_the_code_lr",
        ),
        claim(
            "At lr {lr_code:g} the test accuracy after {epochs} epochs is "
            "{code_test_min:.2f}–{code_test_max:.2f}%, {code_gap_min:.2f}–{code_gap_max:.2f} "
            "points below the printed {lecture_test:.2f}%.",
            _C + "lecture_code_test_accuracy",
        ),
        claim(
            "At lr {lr_fast:g} it is {fast_test_min:.2f}–{fast_test_max:.2f}%, within "
            "{test_tol:.0f} point of {lecture_test:.2f}% (largest difference "
            "{fast_test_dev:.2f} points).",
            _C + "fast_lr_test_accuracy",
        ),
    ],
    equation=_STEP,
)

t.pair(
    "learning-curves",
    title="Learning curves: loss and accuracy per iteration, train and validation",
    compute="vizdl.sim.training:train",
    draw="vizdl.render.mpl.training:figure_learning_curves",
    scene="scenes.training:LearningCurvesScene",
    params=_CURVES,
    figsize=(14.0, 5.2),
    animation_title="Learning curves drawing themselves as training proceeds (animation)",
    caption="The lecture's 70/15/15 split of all {n_total:,} Fashion-MNIST images ({n_train:,} / "
    "{n_val:,} / {n_test:,} after one seeded shuffle), training reshuffled every epoch, "
    "{iterations_per_epoch} mini-batches of {batch_size} per epoch. Faint: the loss and accuracy "
    "of each mini-batch, noisy because each sees only {batch_size} images (in the last epoch the "
    "batch losses scatter by {batch_loss_sd:.2f} around a mean of {batch_loss_mean:.2f}, the "
    "batch accuracies span {batch_acc_lo:.0f}–{batch_acc_hi:.0f}%); bold: their moving average; "
    "dots: the whole validation set after each epoch, the number that guides hyperparameter "
    "choices. Over {epochs} epochs the training loss falls from {train_loss_first:.2f} to "
    "{train_loss_end:.2f} and the validation loss follows it from {val_loss_first:.2f} to "
    "{val_loss_end:.2f} ({val_acc_end:.1f}% validation accuracy), its lowest at epoch "
    "{val_best_epoch}: it has not turned up, no overfitting yet.",
    animation_caption="The same run replayed: the mini-batch losses and accuracies stream in, the "
    "validation point lands at the end of each of the {epochs} epochs.",
    claims=[
        claim(
            "The run uses the lecture's 70/15/15 split: {n_train:,} / {n_val:,} / {n_test:,} of "
            "{n_total:,} images.",
            _C + "curves_lecture_split",
        ),
        claim(
            "Single mini-batches are noisy: the last epoch's batch losses scatter by "
            "{batch_loss_sd:.3f} around {batch_loss_mean:.3f}, batch accuracies from "
            "{batch_acc_lo:.0f}% to {batch_acc_hi:.0f}%.",
            _C + "curves_batches_are_noisy",
        ),
        claim(
            "The epoch-mean training loss falls every epoch ({train_loss_first:.3f} to "
            "{train_loss_end:.3f}); the validation loss ({val_points} points, one per epoch) ends "
            "below its start, within 0.1 of the training loss ({val_loss_end:.3f}) and "
            "{val_above_min:.0%} above its lowest (at epoch {val_best_epoch}; at most "
            "{not_overfitting:.0%} allowed): it has not turned up.",
            _C + "curves_loss_falls_validation_follows",
        ),
        lecture(
            "typically, we “test” the model on the validation data at the end of each epoch",
            _C + "curves_loss_falls_validation_follows",
        ),
    ],
    equation=_STEP,
)

t.figure(
    "overfitting",
    title="Overfitting: validation loss turns up while training loss keeps falling",
    compute="vizdl.sim.training:train",
    draw="vizdl.render.mpl.training:figure_overfitting",
    params=_train(
        model="784-200-10",
        optimizer="adam",
        lr=1e-3,
        batch_size=100,
        epochs=150,
        split="lecture",
        limit=1000,
        device="cpu",
    ),
    figsize=(14.0, 5.2),
    caption="Only {n_train:,} training images, {model} with {n_params:,} parameters, {epochs} "
    "epochs: the network memorizes its training set (training loss {train_loss_end:.3f}, "
    "accuracy {train_acc_end:.0f}%) while the loss on {n_val:,} validation images bottoms out "
    "({val_loss_min:.3f} at epoch {best_epoch}) and climbs to {val_loss_end:.3f}; from that "
    "epoch on the validation accuracy stays between {val_acc_after_lo:.1f}% and "
    "{val_acc_after_hi:.1f}% (ending at {val_acc_end:.1f}%). The dotted line marks the epoch with the lowest "
    "validation loss — where early stopping would keep the weights.",
    claims=[
        claim(
            "The network memorizes its {n_train:,} training images: training loss "
            "{train_loss_end:.4f} (under 0.05), training accuracy {train_acc_end:.0f}%.",
            _C + "overfitting_memorizes",
        ),
        claim(
            "The validation loss is lowest at epoch {best_epoch} ({val_loss_min:.3f}) and ends "
            "at least 30% higher ({val_loss_end:.3f}); validation accuracy ends {acc_gap:.1f} "
            "points below training accuracy, and from epoch {best_epoch} on stays within "
            "{val_acc_flat:g} points ({val_acc_after_lo:.1f}–{val_acc_after_hi:.1f}%).",
            _C + "overfitting_validation_turns_up",
        ),
        lecture("over-fitting (bad!)", _C + "overfitting_validation_turns_up"),
    ],
)

t.figure(
    "inference",
    title="Inference on one test image: the ten soft decisions",
    compute="vizdl.sim.training:train",
    draw="vizdl.render.mpl.training:figure_inference",
    params=_LECTURE_RUN,
    figsize=(13.0, 5.0),
    caption="The first image of the Fashion-MNIST test set (class {true_label}, {true_class}) "
    "through the {model} trained for {epochs} epochs: model(x) returns ten raw scores (the "
    "lecture prints them as 'soft decisions'); softmax turns them into probabilities; the "
    "largest is the hard decision: {hard_class}, score {score_max:+.2f}, probability "
    "{p_max:.1%} (next: {runner_class}, {p_runner:.1%}).",
    claims=[
        lecture(
            "the first test image is an Ankle Boot (class 9)", _C + "inference_first_test_image"
        ),
        claim(
            "The largest score is the true class's ({hard_class}, {score_max:+.2f}); softmax "
            "gives it {p_max:.1%}, over half.",
            _C + "inference_hard_decision",
        ),
    ],
    equation=r"$p_k = \frac{e^{s_k}}{\sum_j e^{s_j}}$",
)

t.figure(
    "confusion-matrix",
    title="Confusion matrix of the trained model on the 10,000 test images",
    compute="vizdl.sim.training:train",
    draw="vizdl.render.mpl.training:figure_confusion",
    params=_LECTURE_RUN,
    figsize=(9.0, 7.6),
    caption="Rows: the true class; columns: the network's hard decision; each cell counts test "
    "images ({n_test:,} in all, {test_acc:.2f}% on the diagonal), coloured by its share of the "
    "row. Shirts, T-shirts, pullovers and coats are confused with each other ({upper_within:.0%} "
    "of their errors name another of the four; the largest cell off the diagonal: "
    "{worst_count} {worst_true} images taken for {worst_pred}); trousers, bags and footwear "
    "are each right at least {apart_recall_min:.1%} of the time and almost never taken for "
    "upper-body clothes ({apart_to_upper:.1%} of them).",
    claims=[
        claim(
            "The matrix counts the {n_test:,} test images; its diagonal holds {test_acc:.2f}%.",
            _C + "confusion_counts_the_test_set",
        ),
        claim(
            "Of the wrong decisions on shirts, T-shirts, pullovers and coats, {upper_within:.0%} "
            "(at least 80%) name another of these four; the largest confusion is {worst_true} → "
            "{worst_pred} ({worst_count}).",
            _C + "confusion_upper_body_classes",
        ),
        claim(
            "Trousers, sandals, sneakers, bags and ankle boots are each right at least "
            "{apart_recall_min:.1%} of the time (at least 90%), and {apart_to_upper:.2%} of them "
            "are taken for upper-body clothes.",
            _C + "confusion_trousers_bags_footwear",
        ),
    ],
)

t.figure(
    "init-weight-histograms",
    title="Weight histograms after 10 epochs, per initializer (784-200-10)",
    compute="vizdl.sim.training:initializer_comparison",
    draw="vizdl.render.mpl.training:figure_init_histograms",
    params=_COMPARE,
    figsize=(16.0, 12.0),
    caption="The lecture's comparison slide, recomputed: {model} trained for {epochs} epochs on "
    "{n_train:,} images with {optimizer} (lr {lr:g}, no regularization) from each initializer, "
    "the weights of both junctions after training (filled) over the initial ones (outline). "
    "Zeros never leaves zero: no gradient reaches either layer (test accuracy "
    "{zeros_acc:.1f}% = chance). Large N(0, 1) weights stay large (first junction: RMS "
    "{large_rms0:.2f} → {large_rms_end:.2f}) and test at {large_acc:.1f}%. The other "
    "{n_rest} end at {rest_acc_min:.1f}–{rest_acc_max:.1f}% test accuracy; their first "
    "junction keeps the shape it started from (histogram correlation at least "
    "{shape_corr_min:.2f}), while their second junction spreads to an RMS of "
    "{rms2_min:.2f}–{rms2_max:.2f} whatever it started from ({rms2_init_min:.2f}–"
    "{rms2_init_max:.2f}).",
    claims=[
        claim(
            "Zeros: after {epochs} epochs every second-junction weight is exactly 0 "
            "({n_second_zero:,} of them) and every first-junction weight is still in the "
            "histogram bin of 0 (width {zero_bin_width:.2g}); test accuracy {zeros_acc:.1f}% "
            "(chance).",
            _C + "init_zeros_never_leaves_zero",
        ),
        claim(
            "N(0, 1): the first junction's RMS weight goes from {large_rms0:.3f} to "
            "{large_rms_end:.3f} (within 10%); its test accuracy {large_acc:.1f}% is at least 3 "
            "points below the best of the others.",
            _C + "init_large_normal_stays_large",
        ),
        claim(
            "The other {n_rest} initializers end within 1 point of each other: "
            "{rest_acc_min:.1f}–{rest_acc_max:.1f}% test accuracy.",
            _C + "init_rest_reach_the_same_accuracy",
        ),
        claim(
            "Their first-junction histograms after training correlate at least "
            "{shape_corr_min:.3f} (≥ 0.9) with the initial ones.",
            _C + "init_first_junction_keeps_its_shape",
        ),
        claim(
            "Their second junction's RMS weight grows at least {rms2_growth_min:.1f}× and ends "
            "within 25% across initializers ({rms2_min:.3f}–{rms2_max:.3f}).",
            _C + "init_second_junction_spreads_alike",
        ),
    ],
    equation=_STEP,
)

t.figure(
    "weight-ridgelines",
    title="Weight histograms over epochs (TensorBoard-style ridgelines)",
    compute="vizdl.sim.training:initializer_comparison",
    draw="vizdl.render.mpl.training:figure_ridgelines",
    params=_COMPARE,
    figsize=(15.0, 5.6),
    caption="The second junction's weight histogram at initialization (epoch 0, at the back) and "
    "after each of the {epochs} epochs, stacked like TensorBoard's histogram view; the counts per "
    "bin and epoch are in data.npz/data.json, on bins fixed for the whole run that hold every "
    "weight ({outside} outside). Whatever the start, the {n_drawn_spread} narrower histograms "
    "spread to an RMS weight of {drawn_rms2_min:.2f}–{drawn_rms2_max:.2f} (from "
    "{drawn_rms2_init_min:.2f}–{drawn_rms2_init_max:.2f}), while N(0, 1)'s stay wide (RMS "
    "{large_rms2_0:.2f} → {large_rms2_end:.2f}).",
    claims=[
        claim(
            "Histograms are recorded at initialization and after each of the {epochs} epochs; "
            "{outside} weights fall outside the fixed bins.",
            _C + "ridgelines_every_epoch",
        ),
        claim(
            "The {n_drawn_spread} drawn initializers other than N(0, 1) end with a "
            "second-junction RMS weight of {drawn_rms2_min:.3f}–{drawn_rms2_max:.3f} (within 25%), at least "
            "{drawn_rms2_growth_min:.1f}× their initial one.",
            _C + "ridgelines_drawn_spread_alike",
        ),
        claim(
            "N(0, 1)'s second junction stays wide: RMS {large_rms2_0:.3f} → {large_rms2_end:.3f}, "
            "at least twice the others' largest.",
            _C + "ridgelines_large_normal_stays_wide",
        ),
    ],
)

t.animation(
    "weight-histograms-animation",
    title="Weight histograms evolving during training (animation)",
    compute="vizdl.sim.training:initializer_comparison",
    scene="scenes.training:WeightHistogramScene",
    params=_COMPARE,
    caption="The second-junction histograms of {n_shown} initializers morphing epoch by epoch "
    "over {epochs} epochs, with each run's training loss beside it (ending at "
    "{shown_loss_end_min:.2f}–{shown_loss_end_max:.2f}).",
    claims=[
        claim(
            "Histograms are recorded at initialization and after each of the {epochs} epochs; "
            "{outside} weights fall outside the fixed bins.",
            _C + "ridgelines_every_epoch",
        ),
        claim(
            "Each of the {n_shown} runs shown ends with a lower training loss than after its "
            "first epoch ({shown_loss_end_min:.3f}–{shown_loss_end_max:.3f} at the end).",
            _C + "ridgelines_losses_fall",
        ),
    ],
)

t.figure(
    "split-and-batches",
    title="Train/validation/test split, mini-batches, iterations and epochs",
    compute="vizdl.sim.training:split_arithmetic",
    draw="vizdl.render.mpl.training:figure_splits",
    params=dict(
        total=knob(100_000, "examples in the drawn dataset", low=1, high=10_000_000),
        fractions=knob(
            (0.70, 0.15, 0.15),
            "train, validation and test fractions of the drawn dataset; they must add up to 1",
            low=0.0,
            high=1.0,
            length=3,
        ),
        batch_size=knob(
            70,
            "mini-batch size of the drawn example: it sets the iterations per epoch (here and "
            "for Fashion-MNIST)",
            low=1,
            high=100_000,
        ),
    ),
    figsize=(14.0, 8.0),
    caption="The lecture's example drawn to scale: {total:,} examples split "
    "{pct_train}/{pct_val}/{pct_test} into {n_train:,} / {n_val:,} / {n_test:,}; with batch "
    "{batch_size} the {n_train:,} training examples make {iterations:,} mini-batches, so one "
    "epoch is {iterations:,} iterations and {iterations:,} gradient updates. Below, the same "
    "split of Fashion-MNIST's real {fm_total:,} images ({fm_train:,} / {fm_val:,} / "
    "{fm_test:,} after one seeded shuffle), class by class: every class is "
    "{class_share_min:.1%}–{class_share_max:.1%} of each split; batch {batch_size} makes "
    "{fm_iterations} iterations per epoch there.",
    claims=[
        claim(
            "{total:,} examples split {pct_train}/{pct_val}/{pct_test} give {n_train:,} / "
            "{n_val:,} / {n_test:,}.",
            _C + "split_sizes",
        ),
        claim(
            "At batch {batch_size} the {n_train:,} training examples make {iterations:,} "
            "mini-batches (⌈{n_train:,} / {batch_size}⌉): {iterations:,} iterations and "
            "gradient updates per epoch.",
            _C + "split_iterations",
        ),
        lecture(
            "Suppose: batch size = 70: 1000 mini-batches in the training data (1000 iterations "
            "per epoch)",
            _C + "split_lecture_iterations",
        ),
        claim(
            "In Fashion-MNIST's split every class is between 9% and 11% of each split "
            "({class_share_min:.2%}–{class_share_max:.2%}).",
            _C + "split_fmnist_classes_balanced",
        ),
    ],
)

# --- validation in use (issue 15, item 13) -------------------------------------------------------

t.figure(
    "validation-picks-the-lr",
    title="Validation in use: pick the learning rate by validation accuracy, then test once",
    compute="vizdl.sim.validation:validation_protocol",
    draw="vizdl.render.mpl.validation:figure_validation_protocol",
    params=dict(
        lrs=knob(
            (1e-5, 1e-4, 1e-3, 1e-2, 1e-1),
            "the candidate learning rates (Adam), each trained from the same seed",
            low=1e-7,
            high=10.0,
        ),
        epochs=knob(3, "training epochs of each candidate", low=1, high=50),
        limit=_TRAIN["limit"].with_default(10_000),
        batch_size=_TRAIN["batch_size"].with_default(100),
        device=_TRAIN["device"],
    ),
    figsize=(14.0, 5.2),
    caption="The lecture's protocol with real numbers: 784-128-10 trained with Adam on "
    "{n_train:,} images of the lecture's 70/15/15 split of Fashion-MNIST, one run per candidate "
    "learning rate, each validated after every epoch on the {n_val:,} validation images (left) "
    "with the test split withheld. Validation picks η = {chosen_lr:g} ({chosen_val:.2%} after "
    "the last epoch; next best η = {runner_up_lr:g}, {runner_up_val:.2%}). Both ends of the "
    "grid are worse: η = {smallest_lr:g} is still learning when training stops "
    "({smallest_val:.2%}; its training loss {smallest_loss:.2f} falls every epoch), and η = "
    "{largest_lr:g} ends at {largest_val:.2%} with a training loss of {largest_loss:.2f} "
    "against the choice's {chosen_loss:.2f}. Only then is the test split used, once, "
    "by the chosen setting trained again from the same seed (the same model: its validation "
    "accuracies are identical): {test_acc:.2%} on {n_test:,} test images, {gap_points:+.2f} "
    "points from its validation accuracy, {gap_se:.1f} standard errors of the difference "
    "({se_points:.2f} points).",
    claims=[
        claim(
            "Validation picks η = {chosen_lr:g} ({chosen_val:.2%}); the next best is η = "
            "{runner_up_lr:g} ({runner_up_val:.2%}).",
            "vizdl.checks.validation:chosen_by_validation",
        ),
        claim(
            "The smallest rate η = {smallest_lr:g} ({smallest_val:.2%}) and the largest η = "
            "{largest_lr:g} ({largest_val:.2%}) both end at least {bracket_points:g} points "
            "below the choice, "
            "with training losses {smallest_loss:.2f} (still falling every epoch) and "
            "{largest_loss:.2f} above its {chosen_loss:.2f}.",
            "vizdl.checks.validation:grid_brackets_the_choice",
        ),
        claim(
            "The test split is used once, by the chosen model ({test_acc:.2%} on {n_test:,} "
            "images); no candidate saw it.",
            "vizdl.checks.validation:tested_once",
        ),
        claim(
            "Its test accuracy is {gap_points:+.2f} points from its validation accuracy, "
            "{gap_se:.1f} standard errors ({se_points:.2f} points; within {agree_se:g}).",
            "vizdl.checks.validation:test_agrees_with_validation",
        ),
        lecture(
            "(training-)validation: use this for SGD learning – hyper-parameters; test: only use "
            "this when you are done to verify"
        ),
    ],
)

# --- the model summary (issue 15, item 12) ------------------------------------------------------

t.figure(
    "model-summary",
    title="The model summary: the lecture's torchsummary table, and Sequential = Module",
    compute="vizdl.sim.training:first_model_summary",
    draw="vizdl.render.mpl.training:figure_model_summary",
    params=dict(
        model=_TRAIN["model"],
        n_images=knob(
            10_000, "Fashion-MNIST test images both models are run on", low=1, high=10_000
        ),
    ),
    figsize=(14.0, 8.0),
    caption="The lecture's first model, {sum_n_in} → {sum_n_hidden} (ReLU) → {sum_n_out}, built "
    "by vizdl and summarised the way torchsummary does it (a hook on every module, one forward "
    "pass of the lecture's input_size {sum_input_size}). Written as the lecture's nn.Module "
    "subclass (relu called as a function in forward) the table reads Linear-1 {sum_shape1} with "
    "{sum_layer1:,} = {sum_n_in}·{sum_n_hidden} + {sum_n_hidden} parameters, Linear-2 "
    "{sum_shape2} with {sum_layer2:,} = {sum_n_hidden}·{sum_n_out} + {sum_n_out}, "
    "{sum_total:,} in all, {sum_mb:.2f} MB at {sum_bytes} bytes each. Written as "
    "nn.Sequential the ReLU is a module, so it gets a row of its own ({seq_relu_row}, 0 "
    "parameters): {seq_rows} rows, the same {seq_total:,} parameters. Same function: with the "
    "Sequential's weights copied into the Module (load_state_dict, 0.weight → hidden.weight, 2.bias → output.bias "
    "and so on), "
    "the largest |difference| of their outputs over {sum_n_images:,} real Fashion-MNIST test "
    "images is {sum_diff_after:.3g} and every image gets the same class; before the copy "
    "(the Module's own initial weights) the outputs differed by up to {sum_diff_before:.2f} and "
    "only {sum_same_before:.1%} of the classes agreed. Below: the untrained models' outputs for "
    "the first test image ({sum_label_name}).",
    claims=[
        claim(
            "The Module's table: Linear-1 {sum_shape1}, {sum_layer1:,} parameters; Linear-2 "
            "{sum_shape2}, {sum_layer2:,}; each n_in·n_out + n_out of its layer "
            "({sum_n_in} → {sum_n_hidden} → {sum_n_out}); {sum_total:,} in all, all trainable; "
            "{sum_mb:.3f} MB at {sum_bytes} bytes per parameter.",
            _C + "summary_module_rows",
        ),
        claim(
            "The Sequential's table has {seq_rows} rows: the same Linear rows plus "
            "{seq_relu_row} with 0 parameters; {seq_total:,} parameters in all.",
            _C + "summary_sequential_rows",
        ),
        claim(
            "With the same weights the two give outputs equal to within 10⁻⁶ on all "
            "{sum_n_images:,} test images (largest difference {sum_diff_after:.3g}) and the same "
            "class for {sum_same_after:.0%} of them; before the copy they differed by up to "
            "{sum_diff_before:.3f} (more than 0.1) and agreed on {sum_same_before:.2%} of the "
            "classes.",
            _C + "summary_same_function",
        ),
        lecture(
            "Linear-1 [-1, 1, 1, 128] 100,480; Linear-2 [-1, 1, 1, 10] 1,290; Total params: "
            "101,770; Params size (MB): 0.39",
            _C + "summary_as_the_lecture_prints",
        ),
        lecture(
            "Sequential: simple, quick; not very flexible; only allows for models that are a "
            "sequence of layers (line-graph). Modular (torch.nn.Module): little more setup (net + "
            "forward); much more powerful."
        ),
    ],
)
