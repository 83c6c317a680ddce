# SPDX-License-Identifier: EUPL-1.2
"""Messages of accounts: access requests, profile, passwords, and the mail they send."""

ES: dict[str, str] = {
    # Navigation
    "nav.profile": "Mi perfil",
    "nav.register": "Registrarse",
    # Shared by the account forms
    "accounts.nif": "NIF o NIE",
    "accounts.nif_help": "Ejemplo: 12345678Z",
    "accounts.full_name": "Nombre y apellidos",
    "accounts.email": "Correo electrónico",
    "accounts.password": "Contraseña",
    "accounts.password_help": "Al menos 12 caracteres. No use una contraseña común ni incluya su NIF/NIE; "
    "una frase de varias palabras es fácil de recordar y difícil de adivinar.",
    "accounts.password_repeat": "Repita la contraseña",
    "accounts.passwords_differ": "Las dos contraseñas no coinciden. Escríbalas de nuevo.",
    "accounts.working": "Enviando…",
    "accounts.to_login": "Ir a la página de acceso",
    "accounts.forgot_password": "¿Ha olvidado su contraseña?",
    "accounts.have_account": "¿Ya tiene cuenta? Acceda a la sede",
    # Registration
    "register.heading": "Solicitud de acceso al portal",
    "register.intro": "Solicite una cuenta para hacer sus trámites en la sede electrónica. Le enviaremos un "
    "correo para confirmar su dirección y el personal del ayuntamiento revisará la solicitud.",
    "register.accept": "He leído y acepto las condiciones de uso de la sede y la información sobre el "
    "tratamiento de mis datos personales.",
    "register.submit": "Enviar solicitud",
    "register.done": "Solicitud recibida. Si los datos son correctos, recibirá en unos minutos un correo con "
    "un enlace para confirmar su dirección. El enlace caduca en 48 horas.",
    # Email confirmation
    "confirm.heading": "Confirmar la dirección de correo",
    "confirm.intro": "Pulse el botón para confirmar su dirección de correo electrónico.",
    "confirm.submit": "Confirmar la dirección",
    "confirm.request_confirmed": "Dirección confirmada. El personal del ayuntamiento revisará su solicitud y le "
    "avisará por correo cuando pueda acceder.",
    "confirm.email_changed": "Dirección confirmada. A partir de ahora le escribiremos a la nueva dirección.",
    # Password recovery
    "recover.heading": "Recuperar la contraseña",
    "recover.intro": "Indique su NIF o NIE. Si tiene una cuenta activa con un correo confirmado, le enviaremos "
    "un enlace para elegir una contraseña nueva.",
    "recover.submit": "Enviar el enlace",
    "recover.done": "Si existe una cuenta activa con ese NIF/NIE, hemos enviado un enlace a su dirección de "
    "correo. El enlace caduca en una hora y solo sirve una vez.",
    "reset.heading": "Elegir una contraseña nueva",
    "reset.new_password": "Contraseña nueva",
    "reset.submit": "Guardar la contraseña",
    "reset.done": "Contraseña cambiada. Hemos cerrado todas sus sesiones abiertas; ya puede acceder con la "
    "contraseña nueva.",
    # Profile
    "profile.heading": "Mi perfil",
    "profile.account": "Datos de la cuenta",
    "profile.email_heading": "Correo electrónico",
    "profile.email_current": "Dirección actual",
    "profile.email_none": "Sin dirección de correo",
    "profile.email_pending": "Pendiente de confirmar: {email}. Use el enlace que hemos enviado a esa dirección; "
    "hasta entonces seguimos usando la actual.",
    "profile.email_new": "Nueva dirección de correo",
    "profile.email_submit": "Cambiar la dirección",
    "profile.email_sent": "Hemos enviado un enlace de confirmación a la nueva dirección. El cambio se aplicará "
    "cuando lo use.",
    "profile.contact_heading": "Teléfono y avisos",
    "profile.phone": "Teléfono",
    "profile.phone_help": "Nueve cifras para un número español, o el número con su prefijo internacional "
    "(por ejemplo, +33 6 12 34 56 78). Déjelo vacío para borrarlo.",
    "profile.notify_email": "Recibir avisos por correo electrónico",
    "profile.notify_sms": "Recibir avisos por SMS (necesita un teléfono móvil)",
    "profile.contact_submit": "Guardar teléfono y avisos",
    "profile.contact_saved": "Cambios guardados.",
    "profile.nothing_changed": "No ha cambiado ningún dato.",
    "profile.password_heading": "Contraseña",
    "profile.current_password": "Contraseña actual",
    "profile.password_submit": "Cambiar la contraseña",
    "profile.password_changed": "Contraseña cambiada. Hemos cerrado sus otras sesiones abiertas ({count}).",
    "profile.staff_requests": "Solicitudes de acceso pendientes",
    # Staff: access requests
    "requests.heading": "Solicitudes de acceso pendientes",
    "requests.intro": "Compruebe los datos de cada solicitud antes de decidir. Cada consulta queda registrada.",
    "requests.none": "No hay solicitudes pendientes.",
    "requests.requested_at": "Solicitada",
    "requests.confirmed_at": "Correo confirmado",
    "requests.census": "Padrón",
    "requests.census_none": "No figura en el padrón con ese documento",
    "requests.approve": "Aprobar",
    "requests.reason": "Motivo del rechazo",
    "requests.reason_help": "Se enviará a la persona solicitante.",
    "requests.reject": "Rechazar",
    "requests.approved": "Solicitud de {name} aprobada. Le hemos avisado por correo.",
    "requests.rejected": "Solicitud de {name} rechazada. Le hemos enviado el motivo por correo.",
    # Errors
    "error.password_too_short": "La contraseña es demasiado corta: use al menos {min_length} caracteres.",
    "error.password_too_common": "Esa contraseña es de las más usadas y fácil de adivinar. Elija otra.",
    "error.password_personal": "La contraseña no puede contener las cifras de su NIF/NIE ni ser su dirección "
    "de correo. Elija otra.",
    "error.password_unchanged": "La contraseña nueva es igual a la actual. Elija otra.",
    "error.current_password_wrong": "La contraseña actual no es correcta.",
    "error.password_change_throttled": "Demasiados intentos de cambiar la contraseña. Espere {wait} y vuelva "
    "a intentarlo.",
    "error.email_invalid": "La dirección de correo «{value}» no es válida. Revísela.",
    "error.full_name_required": "Escriba su nombre y apellidos.",
    "error.full_name_too_long": "El nombre es demasiado largo: use como máximo {max_length} caracteres.",
    "error.terms_not_accepted": "Para enviar la solicitud debe aceptar las condiciones de uso.",
    "error.account_request_throttled": "Se han recibido demasiadas solicitudes. Espere {wait} y vuelva a "
    "intentarlo.",
    "error.password_reset_throttled": "Se han pedido demasiados enlaces de recuperación. Espere {wait} y "
    "vuelva a intentarlo.",
    "error.link_invalid": "El enlace no es válido. Copie el enlace completo del correo o pida uno nuevo.",
    "error.link_expired": "El enlace ha caducado. Pida uno nuevo.",
    "error.link_used": "Este enlace ya se ha usado. Si lo necesita, pida uno nuevo.",
    "error.phone_invalid": "El teléfono «{value}» no es un número válido. Escriba nueve cifras o el número "
    "con su prefijo internacional.",
    "error.sms_needs_phone": "Para recibir avisos por SMS, indique un teléfono móvil.",
    "error.sms_needs_mobile": "Para recibir avisos por SMS, el teléfono debe ser un móvil.",
    "error.rejection_reason_required": "Escriba el motivo del rechazo; se enviará a la persona solicitante.",
    "error.rejection_reason_too_long": "El motivo es demasiado largo: use como máximo {max_length} caracteres.",
    "error.account_request_not_found": "Esa solicitud no existe o ya se ha resuelto.",
    # Mail
    "mail.signature": "{council}\nSede electrónica. Este mensaje se ha enviado automáticamente; no responda a "
    "esta dirección.",
    "mail.confirm_request.subject": "Confirme su dirección de correo",
    "mail.confirm_request.body": "Hola, {name}:\n\nHemos recibido su solicitud de acceso a la sede electrónica. "
    "Para confirmar su dirección de correo, abra este enlace:\n\n{link}\n\nEl enlace caduca en {hours} horas y "
    "solo sirve una vez. Después, el personal del ayuntamiento revisará su solicitud.\n\nSi no ha hecho esta "
    "solicitud, ignore este mensaje.",
    "mail.account_exists.subject": "Solicitud de acceso con su NIF/NIE",
    "mail.account_exists.body": "Hola, {name}:\n\nAlguien ha pedido una cuenta en la sede electrónica con su "
    "NIF/NIE, pero usted ya tiene una. No hemos creado ninguna cuenta nueva.\n\nSi fue usted, acceda en "
    "{login_link}. Si no recuerda la contraseña, pida una nueva en {reset_link}.\n\nSi no fue usted, no tiene "
    "que hacer nada.",
    "mail.request_approved.subject": "Su cuenta de la sede electrónica está activa",
    "mail.request_approved.body": "Hola, {name}:\n\nEl ayuntamiento ha aprobado su solicitud de acceso. Ya "
    "puede acceder con su NIF/NIE y su contraseña en {login_link}.",
    "mail.request_rejected.subject": "Su solicitud de acceso a la sede electrónica",
    "mail.request_rejected.body": "Hola, {name}:\n\nEl ayuntamiento ha rechazado su solicitud de acceso por "
    "este motivo:\n\n{reason}\n\nPuede presentar una nueva solicitud cuando lo haya resuelto.",
    "mail.confirm_email_change.subject": "Confirme su nueva dirección de correo",
    "mail.confirm_email_change.body": "Hola, {name}:\n\nHa pedido usar esta dirección para la sede electrónica. "
    "Para confirmarla, abra este enlace:\n\n{link}\n\nEl enlace caduca en {hours} horas y solo sirve una vez. "
    "Si no ha pedido este cambio, ignore este mensaje.",
    "mail.email_change_requested.subject": "Cambio de dirección de correo solicitado",
    "mail.email_change_requested.body": "Hola, {name}:\n\nSe ha pedido cambiar la dirección de correo de su "
    "cuenta de la sede electrónica. Seguiremos escribiéndole aquí hasta que se confirme la nueva "
    "dirección.\n\nSi no ha sido usted, cambie su contraseña en cuanto pueda y avise al ayuntamiento.",
    "mail.password_reset.subject": "Enlace para elegir una contraseña nueva",
    "mail.password_reset.body": "Hola, {name}:\n\nPara elegir una contraseña nueva, abra este enlace:\n\n{link}"
    "\n\nEl enlace caduca en {hours} hora y solo sirve una vez. Si no ha pedido el cambio, ignore este mensaje: "
    "su contraseña actual sigue siendo válida.",
    "mail.password_changed.subject": "Su contraseña ha cambiado",
    "mail.password_changed.body": "Hola, {name}:\n\nLa contraseña de su cuenta de la sede electrónica acaba de "
    "cambiar y hemos cerrado sus otras sesiones abiertas.\n\nSi no ha sido usted, pida una contraseña nueva en "
    "{reset_link} y avise al ayuntamiento.",
}

EN: dict[str, str] = {
    "nav.profile": "My profile",
    "nav.register": "Sign up",
    "accounts.nif": "NIF or NIE",
    "accounts.nif_help": "Example: 12345678Z",
    "accounts.full_name": "Full name",
    "accounts.email": "Email",
    "accounts.password": "Password",
    "accounts.password_help": "At least 12 characters. Do not use a common password or include your NIF/NIE; "
    "a phrase of several words is easy to remember and hard to guess.",
    "accounts.password_repeat": "Repeat the password",
    "accounts.passwords_differ": "The two passwords do not match. Type them again.",
    "accounts.working": "Sending…",
    "accounts.to_login": "Go to the login page",
    "accounts.forgot_password": "Forgot your password?",
    "accounts.have_account": "Already have an account? Log in",
    "register.heading": "Request access to the portal",
    "register.intro": "Request an account to do your paperwork in the electronic office. We will email you to "
    "confirm your address, and council staff will review the request.",
    "register.accept": "I have read and accept the terms of use of the electronic office and the information "
    "on how my personal data is processed.",
    "register.submit": "Send request",
    "register.done": "Request received. If the data is correct, you will receive an email within minutes with a "
    "link to confirm your address. The link expires in 48 hours.",
    "confirm.heading": "Confirm your email address",
    "confirm.intro": "Press the button to confirm your email address.",
    "confirm.submit": "Confirm the address",
    "confirm.request_confirmed": "Address confirmed. Council staff will review your request and email you when "
    "you can log in.",
    "confirm.email_changed": "Address confirmed. From now on we will write to the new address.",
    "recover.heading": "Recover your password",
    "recover.intro": "Enter your NIF or NIE. If you have an active account with a confirmed email, we will send "
    "you a link to choose a new password.",
    "recover.submit": "Send the link",
    "recover.done": "If an active account with that NIF/NIE exists, we have sent a link to its email address. "
    "The link expires in one hour and works only once.",
    "reset.heading": "Choose a new password",
    "reset.new_password": "New password",
    "reset.submit": "Save the password",
    "reset.done": "Password changed. We have closed all your open sessions; you can now log in with the new "
    "password.",
    "profile.heading": "My profile",
    "profile.account": "Account data",
    "profile.email_heading": "Email",
    "profile.email_current": "Current address",
    "profile.email_none": "No email address",
    "profile.email_pending": "Waiting for confirmation: {email}. Use the link we sent to that address; until "
    "then we keep using the current one.",
    "profile.email_new": "New email address",
    "profile.email_submit": "Change the address",
    "profile.email_sent": "We have sent a confirmation link to the new address. The change applies once you "
    "use it.",
    "profile.contact_heading": "Phone and notifications",
    "profile.phone": "Phone",
    "profile.phone_help": "Nine digits for a Spanish number, or the number with its international prefix "
    "(for example, +33 6 12 34 56 78). Leave it empty to remove it.",
    "profile.notify_email": "Receive notifications by email",
    "profile.notify_sms": "Receive notifications by SMS (needs a mobile phone)",
    "profile.contact_submit": "Save phone and notifications",
    "profile.contact_saved": "Changes saved.",
    "profile.nothing_changed": "Nothing was changed.",
    "profile.password_heading": "Password",
    "profile.current_password": "Current password",
    "profile.password_submit": "Change the password",
    "profile.password_changed": "Password changed. We have closed your other open sessions ({count}).",
    "profile.staff_requests": "Pending access requests",
    "requests.heading": "Pending access requests",
    "requests.intro": "Check the data of each request before deciding. Every view is recorded.",
    "requests.none": "There are no pending requests.",
    "requests.requested_at": "Requested",
    "requests.confirmed_at": "Email confirmed",
    "requests.census": "Census",
    "requests.census_none": "Not in the census with that document",
    "requests.approve": "Approve",
    "requests.reason": "Reason for rejection",
    "requests.reason_help": "It will be sent to the applicant.",
    "requests.reject": "Reject",
    "requests.approved": "Request of {name} approved. We have emailed them.",
    "requests.rejected": "Request of {name} rejected. We have emailed them the reason.",
    "error.password_too_short": "The password is too short: use at least {min_length} characters.",
    "error.password_too_common": "That password is one of the most used and easy to guess. Choose another.",
    "error.password_personal": "The password may not contain the digits of your NIF/NIE or be your email "
    "address. Choose another.",
    "error.password_unchanged": "The new password is the same as the current one. Choose another.",
    "error.current_password_wrong": "The current password is not correct.",
    "error.password_change_throttled": "Too many attempts to change the password. Wait {wait} and try again.",
    "error.email_invalid": "The email address “{value}” is not valid. Check it.",
    "error.full_name_required": "Enter your full name.",
    "error.full_name_too_long": "The name is too long: use at most {max_length} characters.",
    "error.terms_not_accepted": "To send the request you must accept the terms of use.",
    "error.account_request_throttled": "Too many requests were received. Wait {wait} and try again.",
    "error.password_reset_throttled": "Too many recovery links were requested. Wait {wait} and try again.",
    "error.link_invalid": "The link is not valid. Copy the whole link from the email or ask for a new one.",
    "error.link_expired": "The link has expired. Ask for a new one.",
    "error.link_used": "This link has already been used. Ask for a new one if you need it.",
    "error.phone_invalid": "The phone “{value}” is not a valid number. Enter nine digits or the number with its "
    "international prefix.",
    "error.sms_needs_phone": "To receive SMS notifications, enter a mobile phone.",
    "error.sms_needs_mobile": "To receive SMS notifications, the phone must be a mobile.",
    "error.rejection_reason_required": "Enter the reason for the rejection; it will be sent to the applicant.",
    "error.rejection_reason_too_long": "The reason is too long: use at most {max_length} characters.",
    "error.account_request_not_found": "That request does not exist or has already been decided.",
    "mail.signature": "{council}\nElectronic office. This message was sent automatically; do not reply to this "
    "address.",
    "mail.confirm_request.subject": "Confirm your email address",
    "mail.confirm_request.body": "Hello {name},\n\nWe have received your request for access to the electronic "
    "office. To confirm your email address, open this link:\n\n{link}\n\nThe link expires in {hours} hours and "
    "works only once. Council staff will then review your request.\n\nIf you did not make this request, ignore "
    "this message.",
    "mail.account_exists.subject": "Access request with your NIF/NIE",
    "mail.account_exists.body": "Hello {name},\n\nSomeone asked for an account in the electronic office with "
    "your NIF/NIE, but you already have one. No new account was created.\n\nIf it was you, log in at "
    "{login_link}. If you do not remember the password, ask for a new one at {reset_link}.\n\nIf it was not "
    "you, you do not need to do anything.",
    "mail.request_approved.subject": "Your electronic office account is active",
    "mail.request_approved.body": "Hello {name},\n\nThe council has approved your access request. You can now "
    "log in with your NIF/NIE and your password at {login_link}.",
    "mail.request_rejected.subject": "Your access request to the electronic office",
    "mail.request_rejected.body": "Hello {name},\n\nThe council has rejected your access request for this "
    "reason:\n\n{reason}\n\nYou may send a new request once this is resolved.",
    "mail.confirm_email_change.subject": "Confirm your new email address",
    "mail.confirm_email_change.body": "Hello {name},\n\nYou asked to use this address for the electronic office. "
    "To confirm it, open this link:\n\n{link}\n\nThe link expires in {hours} hours and works only once. If you "
    "did not ask for this change, ignore this message.",
    "mail.email_change_requested.subject": "Email address change requested",
    "mail.email_change_requested.body": "Hello {name},\n\nSomeone asked to change the email address of your "
    "electronic office account. We will keep writing to this address until the new one is confirmed.\n\nIf it "
    "was not you, change your password as soon as you can and tell the council.",
    "mail.password_reset.subject": "Link to choose a new password",
    "mail.password_reset.body": "Hello {name},\n\nTo choose a new password, open this link:\n\n{link}\n\nThe "
    "link expires in {hours} hour and works only once. If you did not ask for the change, ignore this message: "
    "your current password is still valid.",
    "mail.password_changed.subject": "Your password has changed",
    "mail.password_changed.body": "Hello {name},\n\nThe password of your electronic office account has just "
    "changed, and we have closed your other open sessions.\n\nIf it was not you, ask for a new password at "
    "{reset_link} and tell the council.",
}
