"""Gallery entries for the trainer: the lecture's first PyTorch model on real Fashion-MNIST."""

from vizdl.gallery import knob, topic

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
_STEP = r"$\theta \leftarrow \theta - \eta\, \frac{\partial C}{\partial \theta}$"

t.figure(
    "lecture-numbers",
    title="The lecture's numbers, reproduced: 86.65% test accuracy and the per-epoch accuracies",
    compute="vizdl.sim.training:lecture_check",
    draw="vizdl.render.mpl.training:figure_lecture_check",
    params=dict(
        seeds=knob(
            (0, 1, 2),
            "random seeds: each trains the model twice (lr 1e-3 and 1e-4), one marker per seed",
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
    caption="The lecture trains 784-128-10 (ReLU) with Adam, batch 100, on the 60,000 training "
    "images and prints 86.65% test accuracy after 4 epochs at lr 1e-3, and running training "
    "accuracies of 69.5, 80.1, 82.5 and 83.6% per epoch at lr 1e-4. vizdl's trainer runs the same "
    "loop on the same data from three seeds. The loop is the lecture's; the data lives in one "
    "tensor and a mini-batch is an index into it, which is what makes it fast.",
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
    caption="The lecture's 70/15/15 split of all 70,000 Fashion-MNIST images (49,000 / 10,500 / "
    "10,500 after one seeded shuffle), training reshuffled every epoch. Faint: the loss and "
    "accuracy of each mini-batch of 100 (noisy: 100 examples); bold: their moving average; dots: "
    "the whole validation set after each epoch, the number that guides hyperparameter choices.",
    animation_caption="The same run replayed: the mini-batch losses and accuracies stream in, the "
    "validation point lands at the end of each epoch.",
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
    caption="Only 1,000 training images, 784-200-10 with 159,010 parameters, 150 epochs: the "
    "network memorizes its training set (loss towards 0, accuracy 100%) while the loss on 10,500 "
    "validation images bottoms out and climbs. The dotted line marks the epoch with the lowest "
    "validation loss — where early stopping would keep the weights.",
)

t.figure(
    "inference",
    title="Inference on one test image: the ten soft decisions",
    compute="vizdl.sim.training:train",
    draw="vizdl.render.mpl.training:figure_inference",
    params=_LECTURE_RUN,
    figsize=(13.0, 5.0),
    caption="The first image of the Fashion-MNIST test set (an ankle boot, as in the lecture) "
    "through the trained 784-128-10: model(x) returns ten raw scores (the lecture prints them as "
    "'soft decisions'); softmax turns them into probabilities; the largest is the hard decision.",
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
    "images, coloured by its share of the row. Shirts, T-shirts, pullovers and coats are confused "
    "with each other; trousers, bags and footwear almost never.",
)

t.figure(
    "init-weight-histograms",
    title="Weight histograms after 10 epochs, per initializer (784-200-10)",
    compute="vizdl.sim.training:initializer_comparison",
    draw="vizdl.render.mpl.training:figure_init_histograms",
    params=_COMPARE,
    figsize=(16.0, 12.0),
    caption="The lecture's comparison slide, recomputed: 784-200-10 trained for 10 epochs with SGD "
    "(lr 0.1, batch 100, no regularization) from each initializer, the weights of both junctions "
    "after training (filled) over the initial ones (outline). Zeros never leaves zero: no "
    "gradient reaches either layer (test accuracy = chance). Large N(0, 1) weights stay large. "
    "The rest end near 87% test accuracy, their histograms still carrying the shape they started from.",
    equation=_STEP,
)

t.figure(
    "weight-ridgelines",
    title="Weight histograms over epochs (TensorBoard-style ridgelines)",
    compute="vizdl.sim.training:initializer_comparison",
    draw="vizdl.render.mpl.training:figure_ridgelines",
    params=_COMPARE,
    figsize=(15.0, 5.6),
    caption="The second junction's weight histogram after every epoch (0 = initialization, at "
    "the back), stacked like TensorBoard's histogram view; the counts per bin and epoch are in "
    "data.npz/data.json. Bins are fixed per run, from ±1.5× the largest initial weight.",
)

t.animation(
    "weight-histograms-animation",
    title="Weight histograms evolving during training (animation)",
    compute="vizdl.sim.training:initializer_comparison",
    scene="scenes.training:WeightHistogramScene",
    params=_COMPARE,
    caption="The second-junction histograms of four initializers morphing epoch by epoch, with "
    "each run's training loss beside it.",
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
    caption="The lecture's example drawn to scale: 100,000 examples shuffled once and split "
    "70/15/15; with batch 70 the 70,000 training examples make 1000 mini-batches, so one epoch "
    "is 1000 iterations and 1000 gradient updates. Below, the same split of Fashion-MNIST's real "
    "70,000 images, class by class.",
)
