"""Shared, cached resources for the app pages: models load once per server."""

from __future__ import annotations

import streamlit as st

from marker.rubric import Rubric, available_rubrics, load_rubric


@st.cache_resource(show_spinner="Loading the marking models…")
def rubric_and_models(rubric_id: str):
    """The rubric and its fitted models, warmed once per server process."""
    from marker.mark import mark_essay
    from marker.models_io import load_models

    rubric = load_rubric(rubric_id)
    models = load_models(rubric)
    mark_essay("Warm-up sentence.", rubric, models=models)
    return rubric, models


def choose_rubric(key: str = "rubric") -> Rubric:
    ids = sorted(available_rubrics())
    rubric_id = st.selectbox("Rubric", ids, key=key)
    return rubric_and_models(rubric_id)[0]
