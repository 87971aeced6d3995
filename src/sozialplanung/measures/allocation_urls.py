from django.urls import path

from . import allocation_views

urlpatterns = [
    path("", allocation_views.allocation_page, name="allocation"),
    path("xlsx", allocation_views.allocation_xlsx, name="allocation_xlsx"),
    path("pdf", allocation_views.allocation_pdf, name="allocation_pdf"),
]
