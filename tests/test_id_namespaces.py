"""The systems' two published namespaces: an instance or an UltraServer is the entity
``instance:<id>`` / ``ultraserver:<id>``, its figures are ``system:<id>:<key>``.  One function
writes each (``vocabulary.entity_id``, ``vocabulary.figure_path``), and they map onto each other."""

from __future__ import annotations

from conftest import DATA, ROOT
from neuron_hw import export, ids
from neuron_hw.data import load_specs
from neuron_hw.vocabulary import ENTITY_KINDS, KINDS, SECTION_OF, entity_id, figure_kind, figure_path

SPECS = load_specs(DATA)
PUBLISHED_IDS = (ROOT / "tests" / "figure_ids.txt").read_text(encoding="utf-8").split()


def test_instances_and_ultraservers_share_the_system_kind_of_figure_ids():
    assert figure_kind("instance") == figure_kind("ultraserver") == "system"
    assert all(figure_kind(kind) == kind for kind in ("chip", "core", "family", "software"))
    assert KINDS == {section: figure_kind(kind) for section, kind in ENTITY_KINDS.items()}
    assert figure_path("ultraserver", "trn2-ultraserver", "chips") == "system:trn2-ultraserver:chips"
    assert entity_id("ultraserver", "trn2-ultraserver") == "ultraserver:trn2-ultraserver"
    assert {SECTION_OF[kind] for kind in ENTITY_KINDS.values()} == set(ENTITY_KINDS)


def test_every_figure_id_is_its_entitys_figure_path():
    for entry in ids.catalogue(SPECS):
        assert entry.id == figure_path(entry.entity_kind, entry.entity, entry.metric)
        assert entry.entity_id == entity_id(entry.entity_kind, entry.entity)


def test_every_published_system_figure_id_names_one_instance_or_ultraserver_entity():
    """One namespace for both kinds works because no id is both (a reference check enforces it)."""
    entities = {e.id for e in export.document(SPECS, {}, "", {}).entities}
    systems = [i for i in PUBLISHED_IDS if i.startswith("system:")]
    assert systems
    for figure in systems:
        _, key, _ = figure.split(":", 2)
        assert key in SPECS.systems, figure
        system = SPECS.systems[key]
        assert entity_id(system.kind, key) in entities
        assert figure_path(system.kind, key, figure.split(":", 2)[2]) == figure


def test_the_downloads_name_each_figures_entity_by_its_entity_id():
    document = export.document(SPECS, {}, "", {})
    entities = {e.id: e for e in document.entities}
    for figure in document.figures:
        entity = entities[figure.entity]
        assert entity.kind == figure.entity_kind
        assert figure.id == figure_path(entity.kind, entity.key, figure.metric)
    kinds = {e.kind for e in document.entities if e.id.split(":", 1)[1] in SPECS.systems}
    assert kinds == {"instance", "ultraserver"}
