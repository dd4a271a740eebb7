"""URLs of the devsite: login, our scenarios, XBlock handlers and resources, the admin, and
the plugin's REST API, the reports API and the cohort dashboard where the LMS mounts them."""
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.staticfiles.views import serve as serve_static
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog, set_language
from edx_django_utils.plugins.constants import PluginURLs
from workbench import views as workbench_views

from course_export.apps import CourseExportConfig
from orglab_plugin.apps import OrgLabPluginConfig

from . import views

LMS = "lms.djangoapp"


def _plugin_urls(app_config) -> list:
    """An app's URLs, mounted where its `plugin_app` tells the LMS to mount them.

    (edx-django-utils' `get_plugin_url_patterns` would also mount edx-completion's REST API,
    whose views need edx-platform; the plugin-loading test exercises that function itself.)
    """
    config = app_config.plugin_app[PluginURLs.CONFIG][LMS]
    module = f"{app_config.name}.{config[PluginURLs.RELATIVE_PATH]}"
    return [re_path(config[PluginURLs.REGEX], include((module, app_config.name), namespace=config[PluginURLs.NAMESPACE]))]

urlpatterns = [
    path("", views.index, name="devsite-index"),
    path("login/", views.DemoLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("healthz", views.healthz, name="healthz"),
    path("progress/", views.progress, name="devsite-progress"),
    re_path(r"^scenario/(?P<scenario_id>[^/]+)/$", views.show_scenario, name="devsite-scenario"),
    re_path(r"^scenario/(?P<scenario_id>[^/]+)/(?P<view_name>[a-z_]+)/$", views.show_scenario,
            name="devsite-scenario-view"),
    re_path(r"^handler/(?P<usage_id>[^/]+)/(?P<handler_slug>[^/]*)(?:/(?P<suffix>.*))?$", views.handler,
            name="devsite-handler"),
    re_path(r"^courses/(?P<course_id>[^/]+)/jump_to/(?P<usage_id>[^/]+)/?$", views.jump_to, name="jump_to"),
    re_path(r"^resource/(?P<block_type>[^/]+)/(?P<resource>.*)$", workbench_views.package_resource,
            name="package_resource"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
]
urlpatterns += _plugin_urls(OrgLabPluginConfig)
urlpatterns += _plugin_urls(CourseExportConfig)
# The workbench's own scripts (jQuery, its runtime) are static files. The devsite serves them itself,
# DEBUG on or off (`staticfiles_urlpatterns` would only with DEBUG on): it is a local site, never
# production, and runs with DEBUG off unless ORGLAB_DEBUG=1.
urlpatterns += [
    re_path(rf"^{settings.STATIC_URL.strip('/')}/(?P<path>.*)$", serve_static, {"insecure": True}),
]
