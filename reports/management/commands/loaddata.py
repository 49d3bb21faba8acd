"""`loaddata` that never overwrites: Django's command plus two refusals, the whole load rolled back.

- An object whose key finds an existing row with different content (fields: the `pre_save` check in
  reports/models.py; topics and other many-to-many links: here) stops the load, naming the object and
  the fields. The same content again is skipped, so loading a file twice changes nothing.
- A key occurring twice in one file stops the load (Django would save the second over the first).

Updating on purpose is `manage.py import_reports FILE --update`, which keeps editor decisions.
"""
from django.core.management.base import CommandError
from django.core.management.commands import loaddata

from reports.models import FixtureError, fixture_differences, overwrite_message, shown


def stored_links(instance, using):
    """{m2m field name: set of pks} as the database holds them for an existing row."""
    return {
        field.name: set(getattr(instance, field.name).using(using).values_list("pk", flat=True))
        for field in instance._meta.many_to_many
    }


class Command(loaddata.Command):
    help = loaddata.Command.help + "（本项目：已有对象内容不同、或同一对象在文件中出现两次时，整个载入回滚，什么也不写入。）"

    def loaddata(self, fixture_labels):
        self._seen, self._index = {}, 0
        return super().loaddata(fixture_labels)

    def handle(self, *args, **options):
        try:
            return super().handle(*args, **options)
        except FixtureError as exc:
            raise CommandError(str(exc)) from exc

    def save_obj(self, obj):
        instance = obj.object
        self._index += 1
        if instance.pk is not None:
            key = (instance._meta.label, instance.pk)
            if key in self._seen:
                raise FixtureError(
                    f"夹具中{instance._meta.verbose_name}“{shown(instance, 40)}”出现了两次"
                    f"（键 {self._natural(instance)}，第 {self._seen[key]} 个与第 {self._index} 个对象）："
                    "后一个会覆盖前一个。什么也没有写入。"
                )
            differences = fixture_differences(instance, self.using)
            if differences is not None:
                self._check_links(instance, obj.m2m_data or {})
                if not differences:
                    self._seen[key] = self._index
                    return False  # already there, word for word
        saved = super().save_obj(obj)
        self._seen[(instance._meta.label, instance.pk)] = self._index
        return saved

    def _check_links(self, instance, incoming):
        stored = stored_links(instance, self.using)
        for name, pks in incoming.items():
            if name in stored and set(pks) != stored[name]:
                label = str(instance._meta.get_field(name).verbose_name)
                raise FixtureError(overwrite_message(
                    instance, [(label, f"{len(stored[name])} 项", f"{len(pks)} 项")], self.using))

    @staticmethod
    def _natural(instance):
        try:
            return "、".join(str(part) for part in instance.natural_key())
        except AttributeError:
            return f"pk={instance.pk}"
