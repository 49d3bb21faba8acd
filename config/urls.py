from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "政府工作报告档案 · 编辑台"
admin.site.site_title = "编辑台"
admin.site.index_title = "档案管理"

urlpatterns = [
    path("admin/", admin.site.urls),
]
