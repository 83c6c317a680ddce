# SPDX-License-Identifier: EUPL-1.2
"""Messages of certificate login and of the profile's certificate page."""

ES: dict[str, str] = {
    "nav.certificates": "Mis certificados",
    "certificates.heading": "Mis certificados electrónicos",
    "certificates.intro": "Asocie a su cuenta los certificados electrónicos con los que quiere acceder a la sede: "
    "certificado de la FNMT, DNI electrónico, certificado de representante o de empleado público. "
    "Solo puede asociar certificados emitidos a su propio NIF o NIE.",
    "certificates.upload_heading": "Asociar un certificado",
    "certificates.upload_label": "Archivo del certificado",
    "certificates.upload_help": "Suba la parte pública del certificado, en formato .cer, .crt o .pem "
    "(como máximo 16 KB). Nunca suba el archivo .p12 o .pfx: contiene su clave privada.",
    "certificates.upload_button": "Elegir archivo y asociar",
    "certificates.uploading": "Comprobando el certificado…",
    "certificates.added": "Certificado asociado. Ya puede acceder a la sede con él.",
    "certificates.removed": "Certificado eliminado de su cuenta. Las sesiones abiertas con él se han cerrado.",
    "certificates.list_heading": "Certificados asociados",
    "certificates.none": "Todavía no ha asociado ningún certificado.",
    "certificates.holder": "Titular",
    "certificates.profile": "Tipo",
    "certificates.issuer": "Emisor",
    "certificates.expires": "Caduca",
    "certificates.expired": "caducado",
    "certificates.represents": "Representa a {entity}",
    "certificates.actions": "Acciones",
    "certificates.remove": "Eliminar",
    "certificates.remove_label": "Eliminar el certificado de {holder}, emitido por {issuer}, que caduca el {date}",
    "login.certificate_heading": "Acceso con certificado electrónico",
    "login.certificate_intro": "Use un certificado que haya asociado antes a su cuenta en «Mis certificados». "
    "Su navegador le pedirá que elija el certificado.",
    "login.certificate_link": "Acceder con certificado",
    "certificate_profile.persona_fisica": "Persona física",
    "certificate_profile.representante": "Representante de persona jurídica",
    "certificate_profile.dnie": "DNI electrónico",
    "certificate_profile.empleado_publico": "Empleado público",
    "certificate_profile.sello": "Sello electrónico",
    "certificate_profile.unknown": "Otro",
    "error.certificate_required": "Elija el archivo del certificado (.cer, .crt o .pem).",
    "error.certificate_too_large": "El archivo es demasiado grande para ser un certificado: "
    "como máximo {max_kb} KB. Suba solo la parte pública (.cer, .crt o .pem).",
    "error.certificate_unreadable": "El archivo no es un certificado X.509 en formato PEM o DER. "
    "Exporte la parte pública del certificado (.cer, .crt o .pem) y vuelva a intentarlo.",
    "error.certificate_no_nif": "El certificado no contiene un NIF o NIE que la sede pueda leer, "
    "así que no se puede asociar a una cuenta.",
    "error.certificate_nif_mismatch": "El certificado pertenece al NIF {nif}, que no es el de su cuenta. "
    "Solo puede asociar certificados emitidos a su nombre.",
    "error.certificate_already_associated": "Este certificado ya está asociado a su cuenta.",
    "error.certificate_not_found": "Ese certificado no está asociado a su cuenta.",
    "error.certificate_login_disabled": "La sede no admite todavía el acceso con certificado: "
    "no hay autoridades de certificación de confianza configuradas. Acceda con su NIF y contraseña.",
    "error.certificate_missing": "No se ha recibido ningún certificado. Elija un certificado cuando el navegador "
    "se lo pida, o acceda con su NIF y contraseña.",
    "error.certificate_not_yet_valid": "El certificado no es válido hasta el {date}.",
    "error.certificate_expired": "El certificado caducó el {date}. Use un certificado en vigor.",
    "error.certificate_issuer_expired": "La autoridad de certificación que emitió el certificado no está en vigor.",
    "error.certificate_untrusted": "El certificado no lo ha emitido una autoridad de certificación "
    "en la que confíe la sede.",
    "error.certificate_revoked": "El certificado está revocado. Use otro certificado o solicite uno nuevo.",
    "error.certificate_revocation_unknown": "No se ha podido comprobar si el certificado está revocado, "
    "porque la lista de revocación de su emisor está caducada. Inténtelo más tarde.",
    "error.certificate_usage_invalid": "Este certificado no sirve para identificarse, porque su uso de clave "
    "no incluye la firma digital. Con el DNI electrónico, elija el certificado de autenticación.",
    "error.certificate_invalid": "El certificado no es válido.",
    "error.certificate_not_associated": "Este certificado no está asociado a ninguna cuenta. Acceda con su NIF "
    "y contraseña y asócielo en «Mis certificados».",
    "error.certificate_account_inactive": "La cuenta de este certificado no está activa.",
}

EN: dict[str, str] = {
    "nav.certificates": "My certificates",
    "certificates.heading": "My electronic certificates",
    "certificates.intro": "Associate the electronic certificates you want to log in with: FNMT certificate, "
    "electronic DNI, representative or public employee certificate. "
    "You can only associate certificates issued to your own NIF or NIE.",
    "certificates.upload_heading": "Associate a certificate",
    "certificates.upload_label": "Certificate file",
    "certificates.upload_help": "Upload the public part of the certificate as .cer, .crt or .pem "
    "(16 KB at most). Never upload the .p12 or .pfx file: it contains your private key.",
    "certificates.upload_button": "Choose a file and associate it",
    "certificates.uploading": "Checking the certificate…",
    "certificates.added": "Certificate associated. You can now log in with it.",
    "certificates.removed": "Certificate removed from your account. Sessions opened with it have ended.",
    "certificates.list_heading": "Associated certificates",
    "certificates.none": "You have not associated any certificate yet.",
    "certificates.holder": "Holder",
    "certificates.profile": "Type",
    "certificates.issuer": "Issuer",
    "certificates.expires": "Expires",
    "certificates.expired": "expired",
    "certificates.represents": "Represents {entity}",
    "certificates.actions": "Actions",
    "certificates.remove": "Remove",
    "certificates.remove_label": "Remove the certificate of {holder}, issued by {issuer}, expiring on {date}",
    "login.certificate_heading": "Log in with an electronic certificate",
    "login.certificate_intro": "Use a certificate that you associated with your account in \"My certificates\". "
    "Your browser will ask you to choose the certificate.",
    "login.certificate_link": "Log in with a certificate",
    "certificate_profile.persona_fisica": "Natural person",
    "certificate_profile.representante": "Legal person representative",
    "certificate_profile.dnie": "Electronic DNI",
    "certificate_profile.empleado_publico": "Public employee",
    "certificate_profile.sello": "Electronic seal",
    "certificate_profile.unknown": "Other",
    "error.certificate_required": "Choose the certificate file (.cer, .crt or .pem).",
    "error.certificate_too_large": "The file is too large to be a certificate: "
    "{max_kb} KB at most. Upload only the public part (.cer, .crt or .pem).",
    "error.certificate_unreadable": "The file is not an X.509 certificate in PEM or DER format. "
    "Export the public part of the certificate (.cer, .crt or .pem) and try again.",
    "error.certificate_no_nif": "The certificate contains no NIF or NIE that the portal can read, "
    "so it cannot be associated with an account.",
    "error.certificate_nif_mismatch": "The certificate belongs to NIF {nif}, which is not your account's. "
    "You can only associate certificates issued to you.",
    "error.certificate_already_associated": "This certificate is already associated with your account.",
    "error.certificate_not_found": "That certificate is not associated with your account.",
    "error.certificate_login_disabled": "The portal does not accept certificate login yet: "
    "no trusted certification authorities are configured. Log in with your NIF and password.",
    "error.certificate_missing": "No certificate was received. Choose a certificate when your browser asks, "
    "or log in with your NIF and password.",
    "error.certificate_not_yet_valid": "The certificate is not valid until {date}.",
    "error.certificate_expired": "The certificate expired on {date}. Use a valid certificate.",
    "error.certificate_issuer_expired": "The certification authority that issued the certificate is not valid now.",
    "error.certificate_untrusted": "The certificate was not issued by a certification authority "
    "that the portal trusts.",
    "error.certificate_revoked": "The certificate is revoked. Use another certificate or request a new one.",
    "error.certificate_revocation_unknown": "The revocation status of the certificate could not be checked, "
    "because its issuer's revocation list is out of date. Try again later.",
    "error.certificate_usage_invalid": "This certificate cannot identify you, because its key usage does not "
    "include digital signature. With the electronic DNI, choose the authentication certificate.",
    "error.certificate_invalid": "The certificate is not valid.",
    "error.certificate_not_associated": "This certificate is not associated with any account. Log in with your "
    "NIF and password and associate it in \"My certificates\".",
    "error.certificate_account_inactive": "The account of this certificate is not active.",
}
