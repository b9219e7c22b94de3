#!/usr/bin/env bash
# Start the portal for development: migrate the embedded SQLite database, load the demo data,
# then run the task worker and the mail and webhook retry loops in the background and the web server in the
# foreground.
set -euo pipefail
cd "$(dirname "$0")/.."
UV=${UV:-uv}
export CS_PROFILE=development
mkdir -p var

$UV run python manage.py migrate --noinput
$UV run python manage.py load_demo_data

$UV run python manage.py db_worker &
worker=$!
$UV run python manage.py deliver_mail --loop 60 &
mailer=$!
$UV run python manage.py deliver_webhooks --loop 60 &
hooks=$!
trap 'kill $worker $mailer $hooks 2>/dev/null || true' EXIT INT TERM

cat <<'MSG'

  CS-portaal draait op http://127.0.0.1:8000/
  Beheer: http://127.0.0.1:8000/beheer/

  Demo-inloggegevens (wachtwoord voor allemaal: demo)
    beheerder             alle rechten (superuser)
    secretariaat          secretariaat (Ketenbureau)
    jurist                juridisch beoordelaar (expertteam)
    praktijk              praktijkbeoordelaar (begeleidingsgroep)
    stuurgroepsecretaris  secretaris stuurgroep
    stuurgroeplid         lid stuurgroep
    releasemanager        releasemanager
    contactpersoon        contactpersoon organisatie
    integrator            integrator

MSG
$UV run python manage.py runserver 127.0.0.1:8000
