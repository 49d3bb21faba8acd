from django.contrib import admin
from django.urls import include, path

from config.health import healthz

admin.site.site_header = "政府工作报告档案 · 编辑台"
admin.site.site_title = "编辑台"
admin.site.index_title = "档案管理"
# The review queue needs the width more than a second navigation does.
admin.site.enable_nav_sidebar = False

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz/", healthz, name="healthz"),
    path("indicators/", include("indicators.urls")),
    path("", include("reports.urls")),
]

# Chinese error pages (templates/404.html, templates/500.html).
handler404 = "reports.views.page_not_found"
handler500 = "reports.views.server_error"
