"""The Django project package of CS-portaal: settings, root URLs and WSGI/ASGI entry points."""
