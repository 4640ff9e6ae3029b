"""The admin site, limited to one Mission Locale (docs/securite.md, "Le site d'administration").

- `AdminSite` (the project's `admin.site`, see `accounts.apps.AdminConfig`): who enters at all is
  `perms.can_use_admin`: a structure administrator (role `administrateur`, `is_staff`, a
  Mission Locale) or the network administrator (`User.administrateur_reseau`). Anyone else,
  superusers included, is sent to the admin's login page.
- `ScopedAdmin`: the base of every ModelAdmin of the site, ours and the third-party ones
  (`accounts.admin_third_party`). For a structure administrator it:
  - lists and opens only the rows of their Mission Locale (`scope`, a lookup from the model to
    its Mission Locale's id); another Mission Locale's row is answered like a row that does not
    exist (the admin's "n'existe pas" redirect, the same for both);
  - offers in every foreign-key and many-to-many choice only rows of that Mission Locale
    (`limit_choices`), shared reference rows (QPV, aid caps) excepted;
  - leaves the `structure` field out of every form and sets it to their Mission Locale, so a
    row can neither be created in nor moved to another one;
  - may do what `structure_actions` allows (reference data shared by the network: view only).
  The network administrator sees every Mission Locale and may do what `network_actions` allows.
- `check_admin_is_scoped`: a system check (error `trajectoires.E001`) when a registered
  ModelAdmin is not a `ScopedAdmin`: a model cannot reach the admin unscoped.

Django's model permissions (`user_permissions`, groups, `is_superuser`) are never asked: the
role, the Mission Locale and the network flag decide, as everywhere in the product."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import NestedObjects, quote
from django.core import checks
from django.db import router
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import capfirst

from trajectoires.accounts.perms import admin_structure_id, can_use_admin, is_network_admin


VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
ALL = frozenset({VIEW, ADD, CHANGE, DELETE})
READ_ONLY = frozenset({VIEW})

# Models shared by the whole network (no Mission Locale of their own): offered unfiltered in
# the choices of a form. Any other model without a Mission Locale is offered to nobody but the
# network administrator (fail closed).
SHARED_MODELS = frozenset({"structures.qpv", "aides.plafondaide"})


class AdminSite(admin.AdminSite):
    site_header = "Trajectoires – administration"
    site_title = "Trajectoires"
    index_title = "Paramètres et données de référence"

    def has_permission(self, request: HttpRequest) -> bool:
        return can_use_admin(request.user)


def limit_choices(queryset: QuerySet, user: Any) -> QuerySet:
    """`queryset` (the choices of a form field) limited to what the user administers."""
    from trajectoires.accounts.models import User
    from trajectoires.structures.models import Structure

    if is_network_admin(user):
        return queryset
    structure_id = admin_structure_id(user)
    if structure_id is None:
        return queryset.none()
    model = queryset.model
    if model is Structure:
        return queryset.filter(pk=structure_id)
    if model is User:
        return queryset.filter(structure_id=structure_id, administrateur_reseau=False)
    if any(f.name == "structure" for f in model._meta.get_fields()):
        return queryset.filter(structure_id=structure_id)
    if model._meta.label_lower in SHARED_MODELS:
        return queryset
    return queryset.none()


class _OwnStructureForm:
    """Mixed into a structure administrator's form: the row belongs to their Mission Locale
    before validation, so the (structure, identifier) uniqueness is checked on the form instead
    of failing in the database."""

    own_structure_id: int

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        self.instance.structure_id = self.own_structure_id  # type: ignore[attr-defined]

    def _get_validation_exclusions(self) -> set[str]:
        exclusions = super()._get_validation_exclusions()  # type: ignore[misc]
        exclusions.discard("structure")
        return exclusions


class ScopedAdmin(admin.ModelAdmin):
    """Base of every ModelAdmin of the site (see the module's docstring)."""

    #: lookup from the model to its Mission Locale's id ("structure", "user__structure", "pk"
    #: for the Mission Locale itself); None: reference data shared by the network.
    scope: str | None = "structure"
    #: what a structure administrator may do with the rows of their Mission Locale.
    structure_actions: frozenset[str] = ALL
    #: what the network administrator may do.
    network_actions: frozenset[str] = ALL
    #: fields only the network administrator sees in forms, lists and filters.
    network_only_fields: tuple[str, ...] = ("structure",)

    # --- Which rows ---------------------------------------------------------------------------
    def scope_filter(self, structure_id: int) -> Q:
        """The rows of the Mission Locale `structure_id` (override for an indirect link)."""
        assert self.scope is not None
        return Q(**{self.scope: structure_id})

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if is_network_admin(request.user):
            return queryset
        structure_id = admin_structure_id(request.user)
        if structure_id is None:
            return queryset.none()
        if self.scope is None:
            return queryset
        return queryset.filter(self.scope_filter(structure_id))

    # --- What the user may do -----------------------------------------------------------------
    def _actions(self, request: HttpRequest) -> frozenset[str]:
        if is_network_admin(request.user):
            return self.network_actions
        if admin_structure_id(request.user) is not None:
            return self.structure_actions
        return frozenset()

    def _may(self, request: HttpRequest, action: str, obj: Model | None = None) -> bool:
        if action not in self._actions(request):
            return False
        if obj is not None and obj.pk is not None:
            return self.get_queryset(request).filter(pk=obj.pk).exists()
        return True

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(self._actions(request))

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._may(request, VIEW, obj) or self._may(request, CHANGE, obj)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._may(request, ADD)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._may(request, CHANGE, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._may(request, DELETE, obj)

    # --- Forms --------------------------------------------------------------------------------
    def hidden_fields(self, request: HttpRequest) -> frozenset[str]:
        """Fields left out of the user's forms, lists and filters."""
        return frozenset() if is_network_admin(request.user) else frozenset(self.network_only_fields)

    def get_fieldsets(self, request: HttpRequest, obj: Model | None = None) -> list:
        hidden = self.hidden_fields(request)
        fieldsets = []
        for name, options in super().get_fieldsets(request, obj):
            fields = _without(options.get("fields", ()), hidden)
            if fields:
                fieldsets.append((name, {**options, "fields": fields}))
        return fieldsets

    def get_form(self, request: HttpRequest, obj: Model | None = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        structure_id = admin_structure_id(request.user)  # None for the network administrator
        if self.scope == "structure" and structure_id is not None:
            form = type(form)(form.__name__, (_OwnStructureForm, form), {"own_structure_id": structure_id})
        return form

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        structure_id = admin_structure_id(request.user)
        if self.scope == "structure" and structure_id is not None:
            obj.structure_id = structure_id  # type: ignore[attr-defined]
        super().save_model(request, obj, form, change)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        kwargs["queryset"] = limit_choices(self._choices(db_field, request, kwargs), request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        kwargs["queryset"] = limit_choices(self._choices(db_field, request, kwargs), request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def _choices(self, db_field: Any, request: HttpRequest, kwargs: dict[str, Any]) -> QuerySet:
        queryset = kwargs.get("queryset")
        if queryset is None:
            queryset = self.get_field_queryset(kwargs.get("using"), db_field, request)
        if queryset is None:
            queryset = db_field.remote_field.model._default_manager.using(kwargs.get("using"))
        return queryset.all()

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> tuple[list, dict, set, list]:
        """Django's list of what a deletion takes along or is blocked by, except that a row of a
        model outside the admin (a young person's file, a contact, an appointment…) is counted,
        never named: deleting a counsellor or a site would otherwise list their young people."""
        return deleted_objects(objs, request, self.admin_site)

    # --- Lists --------------------------------------------------------------------------------
    def get_list_display(self, request: HttpRequest) -> Any:
        hidden = self.hidden_fields(request)
        return [f for f in super().get_list_display(request) if not (isinstance(f, str) and f in hidden)]

    def get_list_filter(self, request: HttpRequest) -> Any:
        """Related-field filters offer only the values of the rows the user sees (Django's
        default filter would list every Mission Locale's sites, counsellors…)."""
        hidden = self.hidden_fields(request)
        filters = []
        for item in super().get_list_filter(request):
            if isinstance(item, str):
                if item in hidden:
                    continue
                field = _field(self.model, item)
                if field is not None and field.is_relation:
                    item = (item, admin.RelatedOnlyFieldListFilter)
            filters.append(item)
        return filters


def deleted_objects(objs: Any, request: HttpRequest, site: admin.AdminSite) -> tuple[list, dict, set, list]:
    """`django.contrib.admin.utils.get_deleted_objects`, naming only rows of the admin's models."""
    try:
        first = objs[0]
    except IndexError:
        return [], {}, set(), []
    collector = NestedObjects(using=router.db_for_write(first._meta.model), origin=objs)
    collector.collect(objs)
    perms_needed: set[str] = set()

    def format_callback(obj: Model) -> str:
        opts = obj._meta
        if not site.is_registered(type(obj)):
            return str(capfirst(opts.verbose_name))
        if not site.get_model_admin(type(obj)).has_delete_permission(request, obj):
            perms_needed.add(str(opts.verbose_name))
        try:
            url = reverse(f"{site.name}:{opts.app_label}_{opts.model_name}_change", args=(quote(obj.pk),))
        except NoReverseMatch:
            return f"{capfirst(opts.verbose_name)}: {obj}"
        return format_html('{}: <a href="{}">{}</a>', capfirst(opts.verbose_name), url, obj)

    to_delete = _counted(collector.nested(format_callback))
    protected = _counted([format_callback(obj) for obj in collector.protected])
    model_count = {model._meta.verbose_name_plural: len(rows) for model, rows in collector.model_objs.items()}
    return to_delete, model_count, perms_needed, protected


def _counted(items: list) -> list:
    """Identical entries of a (nested) list shown once, with their number."""
    counts = Counter(item for item in items if isinstance(item, str))
    out: list = []
    seen: set[str] = set()
    for item in items:
        if isinstance(item, list):
            out.append(_counted(item))
        elif item not in seen:
            seen.add(item)
            out.append(item if counts[item] == 1 else f"{item} ({counts[item]})")
    return out


def _without(fields: Iterable[Any], hidden: frozenset[str]) -> list[Any]:
    """A fieldset's fields without `hidden` (a line of several fields, a tuple, keeps the others)."""
    out: list[Any] = []
    for item in fields:
        if isinstance(item, (list, tuple)):
            kept = tuple(f for f in item if f not in hidden)
            if kept:
                out.append(kept if len(kept) > 1 else kept[0])
        elif item not in hidden:
            out.append(item)
    return out


def _field(model: type[Model], name: str) -> Any:
    try:
        return model._meta.get_field(name)
    except Exception:  # a lookup through a relation, or not a field
        return None


@checks.register(checks.Tags.admin)
def check_admin_is_scoped(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, ScopedAdmin):
            errors.append(
                checks.Error(
                    f"{model._meta.label} est dans l'administration sans être limité à une Mission Locale.",
                    hint="Son ModelAdmin doit hériter de trajectoires.accounts.admin_scope.ScopedAdmin, "
                    "ou le modèle doit être retiré de l'administration (admin.site.unregister).",
                    obj=type(model_admin),
                    id="trajectoires.E001",
                )
            )
    return errors
