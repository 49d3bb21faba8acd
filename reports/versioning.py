"""Optimistic concurrency: every row an editor can change carries a version.

Two editors may open the same row; whoever saves second must not silently
overwrite the first. Each `save()` of an existing row bumps `version` with a
conditional UPDATE (`… WHERE id = %s AND version = %s`), so a save based on
an older read fails with `ConcurrentEdit` instead of winning. The admin forms
carry the version the editor loaded and compare it (under a row lock) before
anything is written, which is where the editor sees the conflict; the check
here is the backstop for any other writer. Bulk writers (`queryset.update`)
bump the version themselves (`bump()`).
"""
from django.db import models, router, transaction
from django.db.models import F


class ConcurrentEdit(Exception):
    """The row changed (or vanished) since it was read; nothing was written."""

    def __init__(self, obj, expected):
        self.obj, self.expected = obj, expected
        super().__init__(f"{obj._meta.verbose_name}“{obj}”在读取后已被修改（读取时版本 {expected}），未保存")


def bump():
    """For `queryset.update(**bump(), …)`: bulk changes advance the version too."""
    return {"version": F("version") + 1}


class VersionedModel(models.Model):
    # Counts saves on one installation: left out of exports and of the fixtures' content comparison.
    # Editable only so that admin forms carry it (as a hidden field, see reports.admin.VersionedForm).
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding or self.pk is None or kwargs.get("force_insert"):
            return super().save(*args, **kwargs)
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using):
            moved = type(self)._base_manager.using(using).filter(pk=self.pk, version=self.version).update(**bump())
            if not moved:
                raise ConcurrentEdit(self, self.version)
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
            return super().save(*args, **kwargs)
