"""Fitted linear models stored as plain JSON beside the rubric, not pickles.

scikit-learn fits them (see marker/fit.py); at marking time only these few lines of numpy run, so a model file
is readable, diffable, safe to load from a shared drive, and gives the same numbers on every machine.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np


@dataclass(frozen=True)
class LinearModel:
    """Standardise features, then a linear score: logistic (one row per class) or ridge (one row)."""

    kind: str  # "logistic" | "ridge"
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[tuple[float, ...], ...]
    intercept: tuple[float, ...]
    classes: tuple[str, ...] = ()

    def _z(self, x: np.ndarray) -> np.ndarray:
        x = np.atleast_2d(np.asarray(x, dtype=np.float64))
        return (x - np.asarray(self.mean)) / np.asarray(self.scale)

    def decision(self, x: np.ndarray) -> np.ndarray:
        return self._z(x) @ np.asarray(self.coef).T + np.asarray(self.intercept)

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        """Class probabilities, columns in the order of `classes`."""
        d = self.decision(x)
        if d.shape[1] == 1:  # binary logistic: one row scores the second class
            p1 = 1.0 / (1.0 + np.exp(-d[:, 0]))
            return np.column_stack([1.0 - p1, p1])
        d = d - d.max(axis=1, keepdims=True)
        e = np.exp(d)
        return e / e.sum(axis=1, keepdims=True)

    def predict_value(self, x: np.ndarray) -> np.ndarray:
        """Ridge output."""
        return self.decision(x)[:, 0]

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "features": list(self.features),
            "classes": list(self.classes),
            "mean": [round(v, 8) for v in self.mean],
            "scale": [round(v, 8) for v in self.scale],
            "coef": [[round(v, 8) for v in row] for row in self.coef],
            "intercept": [round(v, 8) for v in self.intercept],
        }

    @classmethod
    def from_dict(cls, data: dict) -> LinearModel:
        return cls(
            kind=data["kind"],
            features=tuple(data["features"]),
            classes=tuple(data.get("classes", ())),
            mean=tuple(data["mean"]),
            scale=tuple(data["scale"]),
            coef=tuple(tuple(r) for r in data["coef"]),
            intercept=tuple(data["intercept"]),
        )


_ABSENT_LOGIT = -10.0  # a class never seen in training gets a probability of about e^-10


def fit_logistic(x: np.ndarray, y: list[str], features: tuple[str, ...], *, classes: tuple[str, ...],
                 c: float = 1.0) -> LinearModel:
    """Fit a standardised, class-balanced logistic regression and freeze it as a LinearModel with one row per
    class in `classes`. A class missing from the training labels (a small fold with no covered debate) gets a
    near-zero probability instead of breaking the fit."""
    from sklearn.linear_model import LogisticRegression

    mean, scale = _standardiser(x)
    present = sorted(set(y))
    rows = {k: (np.zeros(len(features)), _ABSENT_LOGIT) for k in classes}
    if len(present) == 1:
        rows[present[0]] = (np.zeros(len(features)), 0.0)
    else:
        clf = LogisticRegression(C=c, class_weight="balanced", max_iter=5000)
        clf.fit((x - mean) / scale, y)
        fitted = [str(k) for k in clf.classes_]
        if len(fitted) == 2:  # sklearn's binary form scores the second class against the first
            rows[fitted[0]] = (np.zeros(len(features)), 0.0)
            rows[fitted[1]] = (clf.coef_[0], float(clf.intercept_[0]))
        else:
            for k, coef, intercept in zip(fitted, clf.coef_, clf.intercept_):
                rows[k] = (coef, float(intercept))
    return LinearModel(
        kind="logistic",
        features=features,
        classes=tuple(classes),
        mean=tuple(mean.tolist()),
        scale=tuple(scale.tolist()),
        coef=tuple(tuple(float(v) for v in rows[k][0]) for k in classes),
        intercept=tuple(rows[k][1] for k in classes),
    )


def fit_ridge(x: np.ndarray, y: np.ndarray, features: tuple[str, ...], *, alpha: float = 1.0,
              signs: tuple[float, ...] | None = None) -> LinearModel:
    """Fit a standardised ridge regression and freeze it as a LinearModel.

    With `signs` (+1 or -1 per feature), each coefficient is held to that sign (0 allowed): a feature that should
    only raise the mark can never lower it however the training essays happen to fall, so the model stays a
    reading of the mark scheme rather than of the sample's accidents."""
    from sklearn.linear_model import Ridge

    mean, scale = _standardiser(x)
    z = (np.asarray(x, dtype=np.float64) - mean) / scale
    if signs is None:
        reg = Ridge(alpha=alpha).fit(z, y)
        coef = np.atleast_1d(reg.coef_)
    else:
        sign = np.asarray(signs, dtype=np.float64)
        reg = Ridge(alpha=alpha, positive=True).fit(z * sign, y)
        coef = np.atleast_1d(reg.coef_) * sign
    return LinearModel(
        kind="ridge",
        features=features,
        mean=tuple(mean.tolist()),
        scale=tuple(scale.tolist()),
        coef=(tuple(float(v) for v in coef),),
        intercept=(float(reg.intercept_),),
    )


def refine_ridge(prior: LinearModel, x: np.ndarray, y: np.ndarray, *, alpha: float = 1.0,
                 shift_alpha: float = 1.0) -> LinearModel:
    """A ridge model moved from `prior` towards new marks: ridge on what the prior gets wrong, in the prior's own
    standardisation, added to it. With few marks (or marks the prior already fits) it stays near the prior; with
    many it follows them. This is how a department's own marks refine the shipped level model."""
    from sklearn.linear_model import Ridge

    residual = np.asarray(y, dtype=np.float64) - prior.predict_value(x)
    z = prior._z(x)
    # The shift of the whole scale is shrunk too, by shift_alpha (a constant column, scaled so that its penalty is
    # shift_alpha when the weights' is alpha): a department's standard is mostly such a shift and is learnt from
    # fewer essays than the weights, but a handful of essays still moves it only part of the way.
    k = np.sqrt(alpha / shift_alpha)
    reg = Ridge(alpha=alpha, fit_intercept=False).fit(np.column_stack([z, np.full(len(z), k)]), residual)
    delta = np.atleast_1d(reg.coef_)
    return replace(prior, coef=(tuple(float(a + b) for a, b in zip(prior.coef[0], delta[:-1])),),
                   intercept=(prior.intercept[0] + float(delta[-1]) * k,))


def _standardiser(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(x, dtype=np.float64)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    return mean, scale


@dataclass(frozen=True)
class MatchModels:
    """The matcher's fitted decisions (marker/match.py; defined here so model files load without the NLP stack): a
    three-way model for factors, a two-way one for debates, and the probability cut-offs chosen for them by
    cross-validation (marker/fit.py)."""

    factor: LinearModel
    debate: LinearModel
    covered_cut: float = 0.5  # P(covered) at or above which a factor is covered
    mentioned_cut: float = 0.5  # P(covered) + P(partial) at or above which an uncovered factor is partial
    debate_cut: float = 0.5  # P(covered) at or above which a debate is weighed
    # Covered or only mentioned, among the factors called covered (marker/match.py DEVELOP_FEATURES): a covered call
    # whose P(developed) falls under develop_cut is partial. It can only demote, never credit a point.
    develop: LinearModel | None = None
    develop_cut: float = 0.0

    def factor_status(self, probs: dict[str, float]) -> str:
        covered = probs.get("covered", 0.0)
        if covered >= self.covered_cut:
            return "covered"
        return "partial" if covered + probs.get("partial", 0.0) >= self.mentioned_cut else "missing"

    def developed(self, row: list[float]) -> bool:
        """Whether a factor called covered is developed enough to stay covered (True without a develop model)."""
        if self.develop is None:
            return True
        covered = self.develop.classes.index("covered")
        return float(self.develop.predict_proba(np.array([row[: len(self.develop.features)]]))[0, covered]) \
            >= self.develop_cut

    def debate_status(self, prob: float) -> str:
        if prob >= self.debate_cut:
            return "covered"
        return "partial" if prob >= self.debate_cut / 2 else "missing"
