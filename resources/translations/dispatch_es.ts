<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es">
<context>
    <name>ConsoleMain</name>
    <message>
        <source>Administrator</source>
        <translation>Administrador</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>no se puede leer %1: %2</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>no se puede escribir %1: %2</translation>
    </message>
    <message>
        <source>cannot create the folder %1</source>
        <translation>no se puede crear la carpeta %1</translation>
    </message>
</context>
<context>
    <name>PhotoText</name>
    <message>
        <source>Waiting for review</source>
        <translation>En espera de revisión</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Aprobada</translation>
    </message>
    <message>
        <source>Flagged</source>
        <translation>Marcada</translation>
    </message>
    <message>
        <source>No photos yet</source>
        <translation>Sin fotos todavía</translation>
    </message>
    <message>
        <source>1 photo</source>
        <translation>1 foto</translation>
    </message>
    <message numerus="yes">
        <source>%n photos</source>
        <translation>
            <numerusform>%n foto</numerusform>
            <numerusform>%n fotos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n waiting for review</source>
        <translation>
            <numerusform>%n en espera de revisión</numerusform>
            <numerusform>%n en espera de revisión</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n flagged</source>
        <translation>
            <numerusform>%n marcada</numerusform>
            <numerusform>%n marcadas</numerusform>
        </translation>
    </message>
    <message>
        <source>all approved</source>
        <translation>todas aprobadas</translation>
    </message>
    <message>
        <source>someone</source>
        <translation>alguien</translation>
    </message>
    <message>
        <source>Uploaded by %1</source>
        <translation>Subida por %1</translation>
    </message>
    <message>
        <source>Uploaded by %1, %2</source>
        <translation>Subida por %1, %2</translation>
    </message>
    <message>
        <source>Approved by %1</source>
        <translation>Aprobada por %1</translation>
    </message>
    <message>
        <source>Flagged by %1</source>
        <translation>Marcada por %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
</context>
<context>
    <name>dispatch::FieldKey</name>
    <message>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Detalles</translation>
    </message>
    <message>
        <source>Order ID</source>
        <translation>N.º de orden</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Customer phone</source>
        <translation>Teléfono del cliente</translation>
    </message>
    <message>
        <source>Customer email</source>
        <translation>Correo del cliente</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Dirección</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Ubicación</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>País</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Pricing</source>
        <translation>Tarifa</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Precio</translation>
    </message>
    <message>
        <source>Hourly rate</source>
        <translation>Tarifa por hora</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
</context>
<context>
    <name>dispatch::JobFilterProxyModel</name>
    <message>
        <source>Available</source>
        <translation>Disponibles</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>Programados</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>En curso</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Terminados</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Todos</translation>
    </message>
</context>
<context>
    <name>dispatch::JobListModel</name>
    <message>
        <source>Saving…</source>
        <translation>Guardando…</translation>
    </message>
    <message>
        <source>Status: %1</source>
        <translation>Estado: %1</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Dirección</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Fecha prevista</translation>
    </message>
    <message>
        <source>Assigned pro</source>
        <translation>Técnico</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Actualizado</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>Sin asignar</translation>
    </message>
    <message>
        <source>Customer&apos;s window: %1 %2 (%3)</source>
        <translation>Franja del cliente: %1 %2 (%3)</translation>
    </message>
    <message>
        <source>Overdue: %1</source>
        <translation>Atrasado: %1</translation>
    </message>
</context>
<context>
    <name>dispatch::JobStatus</name>
    <message>
        <source>Open</source>
        <translation>Abierto</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>Solicitado</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>Programado</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>En curso</translation>
    </message>
    <message>
        <source>Completed by pro</source>
        <translation>Completado por técnico</translation>
    </message>
    <message>
        <source>Awaiting customer</source>
        <translation>Esperando al cliente</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Pagado</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelado</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Vencido</translation>
    </message>
    <message>
        <source>Open: no pro has this job yet. It is offered to every pro, and the office can assign it. A job is back here, unassigned, when its pro was taken off it or a requested pro declined.</source>
        <translation>Abierto: ningún técnico tiene este trabajo todavía. Se ofrece a todos los técnicos y la oficina puede asignarlo. Un trabajo vuelve aquí, sin asignar, cuando se le quitó la asignación a su técnico o un técnico solicitado lo rechazó.</translation>
    </message>
    <message>
        <source>Requested: a customer asked for a specific pro, waiting for their answer. If the pro declines, the job is open again.</source>
        <translation>Solicitado: un cliente pidió un técnico en particular; se espera su respuesta. Si el técnico lo rechaza, el trabajo vuelve a estar abierto.</translation>
    </message>
    <message>
        <source>Scheduled: a pro has the job. They start it on site with the start code the customer gives them.</source>
        <translation>Programado: un técnico tiene el trabajo. Lo inicia en el lugar con el código de inicio que le da el cliente.</translation>
    </message>
    <message>
        <source>In progress: the pro has started the work on site.</source>
        <translation>En curso: el técnico inició el trabajo en el lugar.</translation>
    </message>
    <message>
        <source>Completed by pro: the pro finished and entered the customer&apos;s completion code.</source>
        <translation>Completado por técnico: el técnico terminó e ingresó el código de finalización del cliente.</translation>
    </message>
    <message>
        <source>Awaiting customer: waiting for the customer to confirm the work and pay.</source>
        <translation>Esperando al cliente: se espera que el cliente confirme el trabajo y pague.</translation>
    </message>
    <message>
        <source>Paid: the customer paid. Final: the job no longer changes.</source>
        <translation>Pagado: el cliente pagó. Definitivo: el trabajo ya no cambia.</translation>
    </message>
    <message>
        <source>Cancelled: the job was called off. Final: the job no longer changes.</source>
        <translation>Cancelado: el trabajo se anuló. Definitivo: el trabajo ya no cambia.</translation>
    </message>
    <message>
        <source>Expired: no pro took the job in time. Final: the job no longer changes.</source>
        <translation>Vencido: ningún técnico tomó el trabajo a tiempo. Definitivo: el trabajo ya no cambia.</translation>
    </message>
</context>
<context>
    <name>dispatch::OffersModel</name>
    <message>
        <source>Rank</source>
        <translation>Puesto</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Puntaje</translation>
    </message>
    <message>
        <source>Distance</source>
        <translation>Distancia</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Zona</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Precio</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>Fotos</translation>
    </message>
    <message>
        <source>%1 mi</source>
        <translation>%1 mi</translation>
    </message>
    <message>
        <source>Customer picked a date %1</source>
        <translation>El cliente eligió una fecha %1</translation>
    </message>
    <message>
        <source>No date picked yet %1</source>
        <translation>Aún sin fecha elegida %1</translation>
    </message>
    <message>
        <source>%1 mi away %2</source>
        <translation>a %1 mi %2</translation>
    </message>
    <message>
        <source>Distance unknown %1</source>
        <translation>Distancia desconocida %1</translation>
    </message>
    <message numerus="yes">
        <source>overdue by %n h</source>
        <translation>
            <numerusform>vencido hace %n h</numerusform>
            <numerusform>vencido hace %n h</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>due in %n h</source>
        <translation>
            <numerusform>vence en %n h</numerusform>
            <numerusform>vence en %n h</numerusform>
        </translation>
    </message>
    <message>
        <source>No due date %1</source>
        <translation>Sin fecha prevista %1</translation>
    </message>
    <message>
        <source>%1 %2–%3 %4</source>
        <translation>%1 %2–%3 %4</translation>
    </message>
    <message>
        <source>%1 (%2 %3–%4 your time)</source>
        <translation>%1 (%2 %3–%4 su hora)</translation>
    </message>
    <message>
        <source>Due %1</source>
        <translation>Vence %1</translation>
    </message>
    <message>
        <source>$%1/h</source>
        <translation>$%1/h</translation>
    </message>
    <message>
        <source>$%1</source>
        <translation>$%1</translation>
    </message>
    <message>
        <source>due in %1 days</source>
        <translation>vence en %1 días</translation>
    </message>
    <message>
        <source>No date set yet</source>
        <translation>Sin fecha todavía</translation>
    </message>
</context>
<context>
    <name>dispatch::Role</name>
    <message>
        <source>Admin</source>
        <translation>Administrador</translation>
    </message>
    <message>
        <source>Dispatcher</source>
        <translation>Despachador</translation>
    </message>
    <message>
        <source>Pro</source>
        <translation>Técnico</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::BestProsPanel</name>
    <message>
        <source>Best pros for this job</source>
        <translation>Mejores técnicos para este trabajo</translation>
    </message>
    <message>
        <source>Best pros columns</source>
        <translation>Columnas de mejores técnicos</translation>
    </message>
    <message>
        <source>U&amp;se this pro</source>
        <translation>U&amp;sar este técnico</translation>
    </message>
    <message>
        <source>Puts the chosen pro in the Pro box; Assign sends it.</source>
        <translation>Pone al técnico elegido en la lista Técnico; Asignar lo envía.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message>
        <source>load the best pros</source>
        <translation>cargar los mejores técnicos</translation>
    </message>
    <message>
        <source>No active pros.</source>
        <translation>No hay técnicos activos.</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::CandidatesModel</name>
    <message>
        <source>This pro&apos;s other jobs on this job&apos;s day: %1</source>
        <translation>Otros trabajos de este técnico ese día: %1</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>Puesto</translation>
    </message>
    <message>
        <source>Pro</source>
        <translation>Técnico</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Puntaje</translation>
    </message>
    <message>
        <source>Distance</source>
        <translation>Distancia</translation>
    </message>
    <message>
        <source>Jobs that day</source>
        <translation>Trabajos ese día</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::ChangeBanner</name>
    <message>
        <source>&amp;Merge now</source>
        <translation>&amp;Combinar ahora</translation>
    </message>
    <message>
        <source>Bring their version into your edit now; you decide where both of you changed the same field</source>
        <translation>Incorporar ahora su versión a su edición; usted decide en los campos que ambos cambiaron</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Descartar aviso</translation>
    </message>
    <message>
        <source>Someone</source>
        <translation>Alguien</translation>
    </message>
    <message>
        <source>%1 changed this job; your edits were re-applied on top</source>
        <translation>%1 cambió este trabajo; sus ediciones se volvieron a aplicar encima</translation>
    </message>
    <message>
        <source>Changed by %1 just now</source>
        <translation>Cambiado por %1 hace un momento</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::ChangePasswordDialog</name>
    <message>
        <source>Change your password</source>
        <translation>Cambiar su contraseña</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>Contraseña actual</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>Nueva contraseña</translation>
    </message>
    <message>
        <source>New password again</source>
        <translation>Repita la nueva contraseña</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mensaje</translation>
    </message>
    <message>
        <source>Change the password</source>
        <translation>Cambiar la contraseña</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>&amp;Current password:</source>
        <translation>Contraseña &amp;actual:</translation>
    </message>
    <message>
        <source>&amp;New password:</source>
        <translation>&amp;Nueva contraseña:</translation>
    </message>
    <message>
        <source>New password &amp;again:</source>
        <translation>&amp;Repita la nueva contraseña:</translation>
    </message>
    <message>
        <source>The new password needs at least 8 characters.</source>
        <translation>La nueva contraseña necesita al menos 8 caracteres.</translation>
    </message>
    <message>
        <source>The two new passwords differ; type the same one twice.</source>
        <translation>Las dos contraseñas nuevas no coinciden; escriba la misma dos veces.</translation>
    </message>
    <message>
        <source>The current password is wrong.</source>
        <translation>La contraseña actual no es correcta.</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::ConflictDialog</name>
    <message>
        <source>someone</source>
        <translation>alguien</translation>
    </message>
    <message>
        <source>Theirs (changed by %1 at %2)</source>
        <translation>La otra versión (cambiada por %1 a las %2)</translation>
    </message>
    <message>
        <source>Job changed while you were editing</source>
        <translation>El trabajo cambió mientras usted lo editaba</translation>
    </message>
    <message>
        <source>%1 saved “%2” after you opened it, and changed some of the same fields as you. Choose which value to keep for each field below, then re-apply your changes.</source>
        <translation>%1 guardó “%2” después de que usted lo abrió y cambió algunos de los mismos campos que usted. Elija qué valor conservar en cada campo de abajo y luego vuelva a aplicar sus cambios.</translation>
    </message>
    <message>
        <source>Your change, re-applied: %1 → %2</source>
        <translation>Su cambio, aplicado de nuevo: %1 → %2</translation>
    </message>
    <message>
        <source>%1&apos;s change, kept: %2 → %3</source>
        <translation>Cambio de %1, conservado: %2 → %3</translation>
    </message>
    <message>
        <source>Changes without conflict (applied automatically)</source>
        <translation>Cambios sin conflicto (aplicados automáticamente)</translation>
    </message>
    <message numerus="yes">
        <source>Conflicting fields (%n)</source>
        <translation>
            <numerusform>Campo en conflicto (%n)</numerusform>
            <numerusform>Campos en conflicto (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Re-apply my changes</source>
        <translation>&amp;Volver a aplicar mis cambios</translation>
    </message>
    <message>
        <source>Save once more on top of %1&apos;s version, with the choices above</source>
        <translation>Guardar de nuevo sobre la versión de %1, con lo elegido arriba</translation>
    </message>
    <message>
        <source>&amp;Discard mine</source>
        <translation>&amp;Descartar los míos</translation>
    </message>
    <message>
        <source>Drop all your unsaved edits and show %1&apos;s version</source>
        <translation>Descartar todas sus ediciones sin guardar y mostrar la versión de %1</translation>
    </message>
    <message>
        <source>&amp;Back to editing</source>
        <translation>Seguir &amp;editando</translation>
    </message>
    <message>
        <source>Keep editing on top of %1&apos;s version; nothing is saved yet</source>
        <translation>Seguir editando sobre la versión de %1; todavía no se guarda nada</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>Original</translation>
    </message>
    <message>
        <source>Yours</source>
        <translation>La suya</translation>
    </message>
    <message>
        <source>Word by word, theirs → yours (struck out: only in theirs; underlined: only in yours):</source>
        <translation>Palabra por palabra, la otra → la suya (tachado: solo en la otra; subrayado: solo en la suya):</translation>
    </message>
    <message>
        <source>Keep mine</source>
        <translation>Conservar la mía</translation>
    </message>
    <message>
        <source>Take theirs</source>
        <translation>Usar la otra</translation>
    </message>
    <message>
        <source>Edit:</source>
        <translation>Editar:</translation>
    </message>
    <message>
        <source>Your own value for %1</source>
        <translation>Su propio valor para %1</translation>
    </message>
    <message>
        <source>Correct the values marked in red first</source>
        <translation>Primero corrija los valores marcados en rojo</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::ConnectionStatus</name>
    <message>
        <source>Not signed in</source>
        <translation>Sin iniciar sesión</translation>
    </message>
    <message>
        <source>Signed in as %1</source>
        <translation>Sesión iniciada como %1</translation>
    </message>
    <message>
        <source>Local server %1</source>
        <translation>Servidor local %1</translation>
    </message>
    <message>
        <source>Server %1</source>
        <translation>Servidor %1</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>Connected live since %1: changes by others appear on the board as soon as they are saved.</source>
        <translation>Conectado en vivo desde las %1: los cambios de otros aparecen en el tablero en cuanto se guardan.</translation>
    </message>
    <message>
        <source>The live connection dropped at %1; checking for changes every %2 and reconnecting in the background.</source>
        <translation>La conexión en vivo se cortó a las %1; se buscan cambios cada %2 y se reconecta en segundo plano.</translation>
    </message>
    <message>
        <source>Opening the live connection to the server…</source>
        <translation>Abriendo la conexión en vivo con el servidor…</translation>
    </message>
    <message>
        <source>The server cannot be reached since %1. The console keeps trying to reconnect and checks for changes every %2; what you see may be out of date.</source>
        <translation>No se puede contactar al servidor desde las %1. La consola sigue intentando reconectarse y busca cambios cada %2; lo que ve puede no estar actualizado.</translation>
    </message>
    <message>
        <source>Last change %1</source>
        <translation>Último cambio a las %1</translation>
    </message>
    <message>
        <source>The newest change received from the server was saved at %1.</source>
        <translation>El cambio más reciente recibido del servidor se guardó el %1.</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Iniciando…</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Conectando…</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Conectado</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Sin conexión</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>En vivo</translation>
    </message>
    <message>
        <source>Polling (since %1)</source>
        <translation>Consultando (desde las %1)</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>Reintentar ahora</translation>
    </message>
    <message>
        <source>Try to reach the server now instead of waiting for the next try.</source>
        <translation>Intentar contactar al servidor ahora en lugar de esperar al próximo intento.</translation>
    </message>
    <message>
        <source>%1 · next try %2</source>
        <translation>%1 · próximo intento %2</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::CustomerHours</name>
    <message>
        <source>Outside the customer&apos;s hours (%1 in %2 time)</source>
        <translation>Fuera del horario del cliente (%1 en hora de %2)</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::CustomerNotes</name>
    <message>
        <source>The customer left no notes for this job.</source>
        <translation>El cliente no dejó notas para este trabajo.</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::DispatchBoard</name>
    <message>
        <source>Try again</source>
        <translation>Volver a intentar</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>Anterior</translation>
    </message>
    <message>
        <source>Previous day</source>
        <translation>Día anterior</translation>
    </message>
    <message>
        <source>&amp;Today</source>
        <translation>&amp;Hoy</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Hoy</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Siguiente</translation>
    </message>
    <message>
        <source>Next day</source>
        <translation>Día siguiente</translation>
    </message>
    <message>
        <source>First day shown</source>
        <translation>Primer día mostrado</translation>
    </message>
    <message>
        <source>Days shown</source>
        <translation>Días mostrados</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Día</translation>
    </message>
    <message>
        <source>3 days</source>
        <translation>3 días</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>Semana</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>&amp;Mostrar:</translation>
    </message>
    <message>
        <source>Search unassigned jobs</source>
        <translation>Buscar trabajos sin asignar</translation>
    </message>
    <message>
        <source>&amp;Unassigned</source>
        <translation>Sin as&amp;ignar</translation>
    </message>
    <message>
        <source>Try the drop again on the job as it is now</source>
        <translation>Volver a intentar soltar el trabajo tal como está ahora</translation>
    </message>
    <message>
        <source>Back to tray</source>
        <translation>Devolver a la bandeja</translation>
    </message>
    <message>
        <source>Put the selected job back in the tray (unassign it)</source>
        <translation>Devolver el trabajo seleccionado a la bandeja (quitar su asignación)</translation>
    </message>
    <message>
        <source>Unassign the selected job and put it back in the tray (Delete on the timeline, or drag its block onto the tray)</source>
        <translation>Quitar la asignación del trabajo seleccionado y devolverlo a la bandeja (Supr en la línea de tiempo, o arrastrar su bloque a la bandeja)</translation>
    </message>
    <message>
        <source>Only a scheduled job can go back to the tray; this one is %1.</source>
        <translation>Solo un trabajo programado puede volver a la bandeja; este está %1.</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::DispatchTimeline</name>
    <message>
        <source>Dispatch timeline: one row per pro, time across</source>
        <translation>Línea de tiempo de despacho: una fila por técnico, el tiempo en horizontal</translation>
    </message>
    <message>
        <source>Move to %1 at %2 %3; Enter to move, Escape to cancel</source>
        <translation>Mover a %1 el %2 a las %3; Enter para mover, Escape para cancelar</translation>
    </message>
    <message>
        <source>%1, %2: saving…</source>
        <translation>%1, %2: guardando…</translation>
    </message>
    <message>
        <source>%1, %2, %3</source>
        <translation>%1, %2, %3</translation>
    </message>
    <message>
        <source>%1, %2, %3, %4–%5</source>
        <translation>%1, %2, %3, %4–%5</translation>
    </message>
    <message>
        <source>, overdue</source>
        <translation>, atrasado</translation>
    </message>
    <message>
        <source>, overlaps another job of this pro</source>
        <translation>, se superpone con otro trabajo de este técnico</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Guardando…</translation>
    </message>
    <message>
        <source>Here: %1 %2–%3</source>
        <translation>Aquí: %1 %2–%3</translation>
    </message>
    <message>
        <source>Overdue: the window has passed</source>
        <translation>Atrasado: la franja horaria ya pasó</translation>
    </message>
    <message>
        <source>Warning: overlaps another job of this pro</source>
        <translation>Atención: se superpone con otro trabajo de este técnico</translation>
    </message>
    <message>
        <source>Customer&apos;s time: %1</source>
        <translation>Hora del cliente: %1</translation>
    </message>
    <message>
        <source>No active pros to dispatch to.</source>
        <translation>No hay técnicos activos a quienes despachar.</translation>
    </message>
    <message>
        <source>1 job</source>
        <translation>1 trabajo</translation>
    </message>
    <message numerus="yes">
        <source>%n jobs</source>
        <translation>
            <numerusform>%n trabajo</numerusform>
            <numerusform>%n trabajos</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 mi from the previous job</source>
        <translation>%1 mi desde el trabajo anterior</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Aviso: %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>jobs in the range: per day</comment>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>home not set</source>
        <translation>domicilio sin indicar</translation>
    </message>
    <message>
        <source>near %1</source>
        <translation>cerca de %1</translation>
    </message>
    <message>
        <source>home %1, %2</source>
        <translation>domicilio %1, %2</translation>
    </message>
    <message>
        <source>Home %1 (the nearest job with an address is %2 mi away)</source>
        <translation>Domicilio %1 (el trabajo con dirección más cercano está a %2 mi)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>no jobs</source>
        <translation>sin trabajos</translation>
    </message>
    <message>
        <source>%1 mi</source>
        <translation>%1 mi</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::DraftField</name>
    <message>
        <source>optional: latitude, longitude (e.g. 30.2672, -97.7431)</source>
        <translation>opcional: latitud, longitud (p. ej., 30.2672, -97.7431)</translation>
    </message>
    <message>
        <source>e.g. +1 512 555 0100</source>
        <translation>p. ej., +1 512 555 0100</translation>
    </message>
    <message>
        <source>What the customer asked for, access notes… (optional)</source>
        <translation>Lo que pidió el cliente, notas de acceso… (opcional)</translation>
    </message>
    <message>
        <source>%1 (required)</source>
        <translation>%1 (obligatorio)</translation>
    </message>
    <message>
        <source>Not set</source>
        <translation>Sin definir</translation>
    </message>
    <message>
        <source>Flat rate</source>
        <translation>Tarifa fija</translation>
    </message>
    <message>
        <source>Hourly</source>
        <translation>Por hora</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::DraftListModel</name>
    <message>
        <source>(no title yet)</source>
        <translation>(todavía sin título)</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Dónde</translation>
    </message>
    <message>
        <source>Last changed</source>
        <translation>Último cambio</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::DraftsDialog</name>
    <message>
        <source>&amp;Resume</source>
        <translation>&amp;Retomar</translation>
    </message>
    <message>
        <source>&amp;Discard…</source>
        <translation>&amp;Descartar…</translation>
    </message>
    <message>
        <source>Drafts</source>
        <translation>Borradores</translation>
    </message>
    <message>
        <source>Your drafts</source>
        <translation>Sus borradores</translation>
    </message>
    <message>
        <source>Resume the selected draft</source>
        <translation>Retomar el borrador seleccionado</translation>
    </message>
    <message>
        <source>Discard the selected draft</source>
        <translation>Descartar el borrador seleccionado</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>&amp;Actualizar</translation>
    </message>
    <message>
        <source>Refresh the list of drafts</source>
        <translation>Actualizar la lista de borradores</translation>
    </message>
    <message>
        <source>Jobs you started and did not publish yet. They are kept on the server for 30 days after their last change.</source>
        <translation>Trabajos que empezó y todavía no publicó. Se conservan en el servidor durante 30 días después de su último cambio.</translation>
    </message>
    <message>
        <source>Loading your drafts…</source>
        <translation>Cargando sus borradores…</translation>
    </message>
    <message>
        <source>list your drafts</source>
        <translation>mostrar sus borradores</translation>
    </message>
    <message>
        <source>You have no drafts. Job › New job… starts one.</source>
        <translation>No tiene borradores. Trabajo › Nuevo trabajo… inicia uno.</translation>
    </message>
    <message>
        <source>Opening the draft…</source>
        <translation>Abriendo el borrador…</translation>
    </message>
    <message>
        <source>open the draft</source>
        <translation>abrir el borrador</translation>
    </message>
    <message>
        <source>Discard draft</source>
        <translation>Descartar borrador</translation>
    </message>
    <message>
        <source>Discard the draft “%1”? It cannot be brought back.</source>
        <translation>¿Descartar el borrador “%1”? No se podrá recuperar.</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Descartar</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Conservar</translation>
    </message>
    <message>
        <source>Discarding…</source>
        <translation>Descartando…</translation>
    </message>
    <message>
        <source>discard the draft</source>
        <translation>descartar el borrador</translation>
    </message>
    <message>
        <source>Draft discarded.</source>
        <translation>Borrador descartado.</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::DropPlan</name>
    <message>
        <source>A window must end on the day it starts; drop the job earlier in the day.</source>
        <translation>Una franja horaria debe terminar el mismo día en que empieza; suelte el trabajo más temprano en el día.</translation>
    </message>
    <message>
        <source>%1 %2 (%3)</source>
        <translation>%1 %2 (%3)</translation>
    </message>
    <message>
        <source>now unassigned</source>
        <translation>ahora sin asignar</translation>
    </message>
    <message>
        <source>now assigned to %1</source>
        <translation>ahora asignado a %1</translation>
    </message>
    <message>
        <source>status %1</source>
        <translation>estado %1</translation>
    </message>
    <message>
        <source>other details of the job</source>
        <translation>otros detalles del trabajo</translation>
    </message>
    <message>
        <source>someone else</source>
        <translation>otra persona</translation>
    </message>
    <message>
        <source>Changed by %1 meanwhile: %2.</source>
        <translation>%1 lo cambió mientras tanto: %2.</translation>
    </message>
    <message>
        <source>%1 accepted this job first.</source>
        <translation>%1 aceptó este trabajo antes.</translation>
    </message>
    <message>
        <source>%1 assigned this job to %2 first.</source>
        <translation>%1 asignó este trabajo a %2 antes.</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::DropWriter</name>
    <message>
        <source>dispatch the job</source>
        <translation>despachar el trabajo</translation>
    </message>
    <message>
        <source>Dispatched to %1: %2.</source>
        <translation>Despachado a %1: %2.</translation>
    </message>
    <message>
        <source>put the job back in the tray</source>
        <translation>devolver el trabajo a la bandeja</translation>
    </message>
    <message>
        <source>Back in the tray: unassigned from %1.</source>
        <translation>De vuelta en la bandeja: asignación quitada a %1.</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::ErrorMessages</name>
    <message>
        <source>a field</source>
        <translation>un campo</translation>
    </message>
    <message>
        <source>That did not work.</source>
        <translation>No funcionó.</translation>
    </message>
    <message>
        <source>Could not %1.</source>
        <translation>No se pudo %1.</translation>
    </message>
    <message>
        <source>Someone else changed this job while you were working on it.</source>
        <translation>Otra persona cambió este trabajo mientras usted trabajaba en él.</translation>
    </message>
    <message>
        <source>Review both versions and choose what to keep.</source>
        <translation>Revise ambas versiones y elija qué conservar.</translation>
    </message>
    <message>
        <source>The console did not know which version you saw.</source>
        <translation>La consola no sabía qué versión vio usted.</translation>
    </message>
    <message>
        <source>Reopen the job and try again.</source>
        <translation>Vuelva a abrir el trabajo e inténtelo de nuevo.</translation>
    </message>
    <message>
        <source>The server did not accept what was sent.</source>
        <translation>El servidor no aceptó lo que se envió.</translation>
    </message>
    <message>
        <source>%1 is not valid.</source>
        <translation>%1 no es válido.</translation>
    </message>
    <message>
        <source>%1 %2.</source>
        <translation>%1 %2.</translation>
    </message>
    <message>
        <source>Correct the value and try again.</source>
        <translation>Corrija el valor e inténtelo de nuevo.</translation>
    </message>
    <message>
        <source>Your account is not allowed to do this.</source>
        <translation>Su cuenta no tiene permiso para hacer esto.</translation>
    </message>
    <message>
        <source>Ask a dispatcher or an admin to do it.</source>
        <translation>Pídaselo a un despachador o a un administrador.</translation>
    </message>
    <message>
        <source>That code is not right for this job.</source>
        <translation>Ese código no corresponde a este trabajo.</translation>
    </message>
    <message>
        <source>Check the code with the customer and enter it again.</source>
        <translation>Confirme el código con el cliente e ingréselo de nuevo.</translation>
    </message>
    <message>
        <source>This job no longer exists, or it is no longer visible to you.</source>
        <translation>Este trabajo ya no existe o usted ya no puede verlo.</translation>
    </message>
    <message>
        <source>Refresh the board (F5).</source>
        <translation>Actualice el tablero (F5).</translation>
    </message>
    <message>
        <source>Another pro has already taken this job.</source>
        <translation>Otro técnico ya tomó este trabajo.</translation>
    </message>
    <message>
        <source>Pick another job from the board.</source>
        <translation>Elija otro trabajo del tablero.</translation>
    </message>
    <message>
        <source>The price is fixed once a job is requested or scheduled.</source>
        <translation>El precio queda fijo una vez que el trabajo se solicita o se programa.</translation>
    </message>
    <message>
        <source>Change the other fields, or unassign the job first.</source>
        <translation>Cambie los otros campos o quite primero la asignación del trabajo.</translation>
    </message>
    <message>
        <source>This job has started, so its details can no longer change.</source>
        <translation>Este trabajo ya comenzó, así que sus detalles ya no pueden cambiar.</translation>
    </message>
    <message>
        <source>Add a note instead.</source>
        <translation>Agregue una nota en su lugar.</translation>
    </message>
    <message>
        <source>The job&apos;s status does not allow this step.</source>
        <translation>El estado del trabajo no permite este paso.</translation>
    </message>
    <message>
        <source>Refresh the job to see its current status.</source>
        <translation>Actualice el trabajo para ver su estado actual.</translation>
    </message>
    <message>
        <source>The server refused it.</source>
        <translation>El servidor lo rechazó.</translation>
    </message>
    <message>
        <source>Check what you sent and try again.</source>
        <translation>Revise lo que envió e inténtelo de nuevo.</translation>
    </message>
    <message>
        <source>The user name or password is not right.</source>
        <translation>El usuario o la contraseña no son correctos.</translation>
    </message>
    <message>
        <source>Check them and sign in again.</source>
        <translation>Revíselos e inicie sesión de nuevo.</translation>
    </message>
    <message>
        <source>You have been signed out.</source>
        <translation>Se cerró su sesión.</translation>
    </message>
    <message>
        <source>Sign in again to continue.</source>
        <translation>Inicie sesión de nuevo para continuar.</translation>
    </message>
    <message>
        <source>Too many attempts in a short time.</source>
        <translation>Demasiados intentos en poco tiempo.</translation>
    </message>
    <message>
        <source>Wait %1 seconds and try again.</source>
        <translation>Espere %1 segundos e inténtelo de nuevo.</translation>
    </message>
    <message>
        <source>Wait a few minutes and try again.</source>
        <translation>Espere unos minutos e inténtelo de nuevo.</translation>
    </message>
    <message>
        <source>The server cannot be reached.</source>
        <translation>No se puede contactar al servidor.</translation>
    </message>
    <message>
        <source>Check the network connection; then try again.</source>
        <translation>Revise la conexión de red y luego inténtelo de nuevo.</translation>
    </message>
    <message>
        <source>Ask your administrator to check the server.</source>
        <translation>Pida a su administrador que revise el servidor.</translation>
    </message>
    <message>
        <source>The server gave an answer the console does not understand.</source>
        <translation>El servidor dio una respuesta que la consola no entiende.</translation>
    </message>
    <message>
        <source>Try again; if it keeps happening, tell your administrator.</source>
        <translation>Inténtelo de nuevo; si sigue pasando, avise a su administrador.</translation>
    </message>
    <message>
        <source>The server did not accept %1. Correct it and press Save again.</source>
        <translation>El servidor no aceptó %1. Corríjalo y vuelva a presionar Guardar.</translation>
    </message>
    <message>
        <source>The server did not accept these changes (%1). Correct them and press Save again.</source>
        <translation>El servidor no aceptó estos cambios (%1). Corríjalos y vuelva a presionar Guardar.</translation>
    </message>
    <message>
        <source>The price can no longer change: a pro has been requested or scheduled. Revert the price to save your other changes.</source>
        <translation>El precio ya no puede cambiar: ya se solicitó o programó a un técnico. Revierta el precio para guardar sus otros cambios.</translation>
    </message>
    <message>
        <source>This job has started, so its fields can no longer change. Revert your edits; notes can still be added from the job&apos;s details.</source>
        <translation>Este trabajo ya comenzó, así que sus campos ya no pueden cambiar. Revierta sus ediciones; todavía se pueden agregar notas desde los detalles del trabajo.</translation>
    </message>
    <message>
        <source>Your account may not edit this job. Ask a dispatcher or an admin.</source>
        <translation>Su cuenta no puede editar este trabajo. Pídaselo a un despachador o a un administrador.</translation>
    </message>
    <message>
        <source>This job no longer exists, or you can no longer see it. Close the editor.</source>
        <translation>Este trabajo ya no existe o usted ya no puede verlo. Cierre el editor.</translation>
    </message>
    <message>
        <source>Your sign-in has expired. Sign in again, then press Save; your edits are kept here.</source>
        <translation>Su sesión venció. Inicie sesión de nuevo y luego presione Guardar; sus ediciones se conservan aquí.</translation>
    </message>
    <message numerus="yes">
        <source>The server is busy. Wait %n second(s), then press Save again.</source>
        <translation>
            <numerusform>El servidor está ocupado. Espere %n segundo y vuelva a presionar Guardar.</numerusform>
            <numerusform>El servidor está ocupado. Espere %n segundos y vuelva a presionar Guardar.</numerusform>
        </translation>
    </message>
    <message>
        <source>The server is busy. Wait a moment, then press Save again.</source>
        <translation>El servidor está ocupado. Espere un momento y vuelva a presionar Guardar.</translation>
    </message>
    <message>
        <source>The server could not be reached. Your edits are kept; check the connection and press Save again.</source>
        <translation>No se pudo contactar al servidor. Sus ediciones se conservan; revise la conexión y vuelva a presionar Guardar.</translation>
    </message>
    <message>
        <source>Someone else keeps changing this job. Your edits are kept; press Save again in a moment.</source>
        <translation>Otra persona sigue cambiando este trabajo. Sus ediciones se conservan; vuelva a presionar Guardar en un momento.</translation>
    </message>
    <message>
        <source>The editor lost track of which version you started from. Close the editor and open the job again.</source>
        <translation>El editor perdió la referencia de la versión con la que empezó. Cierre el editor y vuelva a abrir el trabajo.</translation>
    </message>
    <message>
        <source>Saving did not work (%1). Your edits are kept; press Save again.</source>
        <translation>No se pudo guardar (%1). Sus ediciones se conservan; vuelva a presionar Guardar.</translation>
    </message>
    <message>
        <source>was not accepted</source>
        <translation>no fue aceptado</translation>
    </message>
    <message>
        <source>Too many wrong codes: this job&apos;s codes are locked for a while.</source>
        <translation>Demasiados códigos incorrectos: los códigos de este trabajo están bloqueados por un rato.</translation>
    </message>
    <message>
        <source>Too many wrong codes: this job&apos;s codes are locked for 1 more minute.</source>
        <translation>Demasiados códigos incorrectos: los códigos de este trabajo están bloqueados 1 minuto más.</translation>
    </message>
    <message numerus="yes">
        <source>Too many wrong codes: this job&apos;s codes are locked for %n more minutes.</source>
        <translation>
            <numerusform>Demasiados códigos incorrectos: los códigos de este trabajo están bloqueados %n minuto más.</numerusform>
            <numerusform>Demasiados códigos incorrectos: los códigos de este trabajo están bloqueados %n minutos más.</numerusform>
        </translation>
    </message>
    <message>
        <source>Check the code with the customer in the meantime.</source>
        <translation>Mientras tanto, verifique el código con el cliente.</translation>
    </message>
    <message>
        <source>%1 was not added: this job already has %2 photos, the most a job can hold.</source>
        <translation>%1 no se agregó: este trabajo ya tiene %2 fotos, el máximo que admite un trabajo.</translation>
    </message>
    <message>
        <source>%1 is larger than the %2 MB a photo may be.</source>
        <translation>%1 supera los %2 MB que puede ocupar una foto.</translation>
    </message>
    <message>
        <source>%1 has too many pixels for the server to handle. Save a smaller copy and add that.</source>
        <translation>%1 tiene demasiados píxeles para el servidor. Guarde una copia más pequeña y agregue esa.</translation>
    </message>
    <message>
        <source>The server could not read %1 as a JPEG, PNG or WebP image.</source>
        <translation>El servidor no pudo leer %1 como imagen JPEG, PNG o WebP.</translation>
    </message>
    <message>
        <source>%1 was not added: pros can add photos to their own jobs only.</source>
        <translation>%1 no se agregó: los técnicos solo pueden agregar fotos a sus propios trabajos.</translation>
    </message>
    <message>
        <source>%1 was not added: this job no longer exists, or it is no longer visible to you.</source>
        <translation>%1 no se agregó: este trabajo ya no existe o usted ya no puede verlo.</translation>
    </message>
    <message>
        <source>%1 was not added: you have been signed out. Sign in again, then add it again.</source>
        <translation>%1 no se agregó: se cerró su sesión. Inicie sesión de nuevo y vuelva a agregarla.</translation>
    </message>
    <message>
        <source>%1 could not be sent: the server cannot be reached. Check the connection, then press Retry.</source>
        <translation>%1 no se pudo enviar: no se puede contactar al servidor. Revise la conexión y luego presione Reintentar.</translation>
    </message>
    <message>
        <source>%1 was not added: the server is busy. Wait a moment, then press Retry.</source>
        <translation>%1 no se agregó: el servidor está ocupado. Espere un momento y luego presione Reintentar.</translation>
    </message>
    <message>
        <source>add %1</source>
        <translation>agregar %1</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::FieldText</name>
    <message>
        <source>must be an amount in dollars and cents, such as 125.50</source>
        <translation>debe ser un monto en dólares y centavos, por ejemplo 125.50</translation>
    </message>
    <message>
        <source>must be latitude, longitude, such as 30.2672, -97.7431</source>
        <translation>debe ser latitud, longitud, por ejemplo 30.2672, -97.7431</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(vacío)</translation>
    </message>
    <message>
        <source>Flat rate</source>
        <translation>Tarifa fija</translation>
    </message>
    <message>
        <source>Hourly</source>
        <translation>Por hora</translation>
    </message>
    <message>
        <source>must be a date, a time window and a time zone, such as 2026-01-15 12:00-15:00 America/Chicago</source>
        <translation>debe ser una fecha, una franja horaria y una zona horaria, como 2026-01-15 12:00-15:00 America/Chicago</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::HistoryText</name>
    <message>
        <source>“%1”</source>
        <translation>“%1”</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguno</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>aprobada</translation>
    </message>
    <message>
        <source>flagged</source>
        <translation>marcada</translation>
    </message>
    <message>
        <source>waiting for review</source>
        <translation>en espera de revisión</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>sí</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(ninguno)</translation>
    </message>
    <message>
        <source>%1 set to %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 cleared (was %2)</source>
        <translation>%1: se borró (era %2)</translation>
    </message>
    <message>
        <source>%1 changed from %2 to %3</source>
        <translation>%1: de %2 a %3</translation>
    </message>
    <message>
        <source>Assigned to %1</source>
        <translation>Asignado a %1</translation>
    </message>
    <message>
        <source>Unassigned (was %1)</source>
        <translation>Se quitó la asignación (era %1)</translation>
    </message>
    <message>
        <source>Deleted (was %1)</source>
        <translation>Eliminado (era %1)</translation>
    </message>
    <message>
        <source>Status: %1</source>
        <translation>Estado: %1</translation>
    </message>
    <message>
        <source>Status: %1 → %2</source>
        <translation>Estado: %1 → %2</translation>
    </message>
    <message>
        <source>Schedule cleared (was %1)</source>
        <translation>Ya no está programado (era %1)</translation>
    </message>
    <message>
        <source>Scheduled for %1</source>
        <translation>Programado para %1</translation>
    </message>
    <message>
        <source>Rescheduled to %1 (was %2)</source>
        <translation>Reprogramado para %1 (era %2)</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Fecha prevista</translation>
    </message>
    <message>
        <source>Photo added: %1</source>
        <translation>Foto agregada: %1</translation>
    </message>
    <message>
        <source>Photo %1</source>
        <translation>Foto %1</translation>
    </message>
    <message>
        <source>Review: %1 → %2</source>
        <translation>Revisión: %1 → %2</translation>
    </message>
    <message>
        <source>Review note</source>
        <translation>Nota de revisión</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Precio</translation>
    </message>
    <message>
        <source>Hourly rate</source>
        <translation>Tarifa por hora</translation>
    </message>
    <message>
        <source>%1 %2 → %3</source>
        <translation>%1: %2 → %3</translation>
    </message>
    <message>
        <source>Note from %1: “%2”</source>
        <translation>Nota de %1: “%2”</translation>
    </message>
    <message>
        <source>Created %1</source>
        <translation>Creado %1</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Creado</translation>
    </message>
    <message>
        <source>Reason: “%1”</source>
        <translation>Motivo: “%1”</translation>
    </message>
    <message>
        <source>Details changed</source>
        <translation>Detalles cambiados</translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation>Asignado</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>Se quitó la asignación</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>Programado</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Iniciado</translation>
    </message>
    <message>
        <source>Completed by the pro</source>
        <translation>Completado por el técnico</translation>
    </message>
    <message>
        <source>Waiting for the customer</source>
        <translation>Esperando al cliente</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Pagado</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelado</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Vencido</translation>
    </message>
    <message>
        <source>Price changed</source>
        <translation>Precio cambiado</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Eliminado</translation>
    </message>
    <message>
        <source>Note added</source>
        <translation>Nota agregada</translation>
    </message>
    <message>
        <source>Photo added</source>
        <translation>Foto agregada</translation>
    </message>
    <message>
        <source>Photo reviewed</source>
        <translation>Foto revisada</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::JobBoard</name>
    <message>
        <source>Ctrl+%1</source>
        <translation>Ctrl+%1</translation>
    </message>
    <message>
        <source>Search title, customer, address, order… (Ctrl+F)</source>
        <translation>Buscar título, cliente, dirección, orden… (Ctrl+F)</translation>
    </message>
    <message>
        <source>Search jobs</source>
        <translation>Buscar trabajos</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>Trabajos</translation>
    </message>
    <message>
        <source>No jobs yet.</source>
        <translation>Todavía no hay trabajos.</translation>
    </message>
    <message>
        <source>No jobs in &quot;%1&quot; match &quot;%2&quot;. Press Esc in the search box to clear it.</source>
        <translation>Ningún trabajo en &quot;%1&quot; coincide con &quot;%2&quot;. Presione Esc en el cuadro de búsqueda para borrarlo.</translation>
    </message>
    <message>
        <source>No jobs in &quot;%1&quot;.</source>
        <translation>No hay trabajos en &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>%1 of %2 jobs</source>
        <translation>%1 de %2 trabajos</translation>
    </message>
    <message>
        <source>No jobs assigned to you yet. Accept one in Offers (Ctrl+1).</source>
        <translation>Todavía no tiene trabajos asignados. Acepte uno en Ofertas (Ctrl+1).</translation>
    </message>
    <message>
        <source>&amp;Overdue first</source>
        <translation>Atrasados p&amp;rimero</translation>
    </message>
    <message>
        <source>Sort jobs past their due time before the others</source>
        <translation>Ordenar los trabajos que pasaron su fecha prevista antes que los demás</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::JobChangeText</name>
    <message>
        <source>now %1</source>
        <translation>ahora %1</translation>
    </message>
    <message>
        <source>unassigned</source>
        <translation>sin asignar</translation>
    </message>
    <message>
        <source>assigned to %1</source>
        <translation>asignado a %1</translation>
    </message>
    <message>
        <source>scheduled for %1 %2 %3</source>
        <translation>programado para %1 %2 %3</translation>
    </message>
    <message>
        <source>no longer scheduled</source>
        <translation>ya no está programado</translation>
    </message>
    <message>
        <source>%1 changed</source>
        <translation>cambios en %1</translation>
    </message>
    <message>
        <source>Someone else</source>
        <translation>Otra persona</translation>
    </message>
    <message>
        <source>%1 changed this job just now.</source>
        <translation>%1 acaba de cambiar este trabajo.</translation>
    </message>
    <message>
        <source>%1 changed this job just now: %2.</source>
        <translation>%1 acaba de cambiar este trabajo: %2.</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::JobDetailPane</name>
    <message>
        <source>Only dispatchers and admins can edit a job&apos;s details.</source>
        <translation>Solo los despachadores y los administradores pueden editar los detalles de un trabajo.</translation>
    </message>
    <message>
        <source>This job is %1, so its details can no longer change. Add a note instead.</source>
        <translation>Este trabajo está %1, así que sus detalles ya no pueden cambiar. Agregue una nota en su lugar.</translation>
    </message>
    <message>
        <source>Only dispatchers and admins can assign jobs.</source>
        <translation>Solo los despachadores y los administradores pueden asignar trabajos.</translation>
    </message>
    <message>
        <source>Already assigned to %1. Unassign it first.</source>
        <translation>Ya está asignado a %1. Quite primero la asignación.</translation>
    </message>
    <message>
        <source>a pro</source>
        <translation>un técnico</translation>
    </message>
    <message>
        <source>Only open or requested jobs can be assigned; this one is %1.</source>
        <translation>Solo se pueden asignar trabajos abiertos o solicitados; este está %1.</translation>
    </message>
    <message>
        <source>Only dispatchers and admins can unassign jobs.</source>
        <translation>Solo los despachadores y los administradores pueden quitar la asignación de trabajos.</translation>
    </message>
    <message>
        <source>Only a scheduled job can be unassigned; this one is %1.</source>
        <translation>Solo se puede quitar la asignación de un trabajo programado; este está %1.</translation>
    </message>
    <message>
        <source>Only dispatchers and admins can schedule jobs.</source>
        <translation>Solo los despachadores y los administradores pueden programar trabajos.</translation>
    </message>
    <message>
        <source>This job is %1, so it can no longer be rescheduled.</source>
        <translation>Este trabajo está %1, así que ya no se puede reprogramar.</translation>
    </message>
    <message>
        <source>Only a scheduled job can be started; this one is %1.</source>
        <translation>Solo se puede iniciar un trabajo programado; este está %1.</translation>
    </message>
    <message>
        <source>Only the assigned pro can start this job, on site, with the customer&apos;s start code.</source>
        <translation>Solo el técnico asignado puede iniciar este trabajo, en el lugar, con el código de inicio del cliente.</translation>
    </message>
    <message>
        <source>Only a job in progress can be completed; this one is %1.</source>
        <translation>Solo se puede completar un trabajo en curso; este está %1.</translation>
    </message>
    <message>
        <source>Only the assigned pro can complete this job, with the customer&apos;s completion code.</source>
        <translation>Solo el técnico asignado puede completar este trabajo, con el código de finalización del cliente.</translation>
    </message>
    <message>
        <source>Only dispatchers and admins can cancel jobs.</source>
        <translation>Solo los despachadores y los administradores pueden cancelar trabajos.</translation>
    </message>
    <message>
        <source>A job that is %1 cannot be cancelled.</source>
        <translation>Un trabajo que está %1 no se puede cancelar.</translation>
    </message>
    <message>
        <source>Pros can add notes to their own jobs only.</source>
        <translation>Los técnicos solo pueden agregar notas a sus propios trabajos.</translation>
    </message>
    <message>
        <source>Only dispatchers and admins can mark a job requested.</source>
        <translation>Solo los despachadores y los administradores pueden marcar un trabajo como solicitado.</translation>
    </message>
    <message>
        <source>Only an open job can be marked requested; this one is %1.</source>
        <translation>Solo un trabajo abierto se puede marcar como solicitado; este está %1.</translation>
    </message>
    <message>
        <source>Only dispatchers and admins can decline a request.</source>
        <translation>Solo los despachadores y los administradores pueden rechazar una solicitud.</translation>
    </message>
    <message>
        <source>Only a requested job can be declined; this one is %1.</source>
        <translation>Solo se puede rechazar un trabajo solicitado; este está %1.</translation>
    </message>
    <message>
        <source>Only dispatchers and admins can ask the customer to confirm.</source>
        <translation>Solo los despachadores y los administradores pueden pedir la confirmación del cliente.</translation>
    </message>
    <message>
        <source>Only a job the pro has completed can go to the customer for confirmation; this one is %1.</source>
        <translation>Solo un trabajo que el técnico completó puede enviarse al cliente para su confirmación; este está %1.</translation>
    </message>
    <message>
        <source>Only dispatchers and admins can mark a job paid.</source>
        <translation>Solo los despachadores y los administradores pueden marcar un trabajo como pagado.</translation>
    </message>
    <message>
        <source>Only a job awaiting the customer&apos;s confirmation can be marked paid; this one is %1.</source>
        <translation>Solo un trabajo que espera la confirmación del cliente se puede marcar como pagado; este está %1.</translation>
    </message>
    <message>
        <source>Only dispatchers and admins can expire jobs.</source>
        <translation>Solo los despachadores y los administradores pueden marcar trabajos como vencidos.</translation>
    </message>
    <message>
        <source>Only an open job can expire; this one is %1.</source>
        <translation>Solo un trabajo abierto puede vencer; este está %1.</translation>
    </message>
    <message>
        <source>Select a job on the board to see its details.

Use the arrow keys to move, Enter to edit.</source>
        <translation>Seleccione un trabajo en el tablero para ver sus detalles.

Use las flechas para moverse y Enter para editar.</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Historial</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Orden</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Contacto</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Dirección</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Fecha prevista</translation>
    </message>
    <message>
        <source>Assigned pro</source>
        <translation>Técnico asignado</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Precio</translation>
    </message>
    <message>
        <source>Codes</source>
        <translation>Códigos</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Actualizado</translation>
    </message>
    <message>
        <source>Customer&apos;s notes</source>
        <translation>Notas del cliente</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>Acciones</translation>
    </message>
    <message>
        <source>&amp;Edit job…</source>
        <translation>&amp;Editar trabajo…</translation>
    </message>
    <message>
        <source>&amp;Cancel job…</source>
        <translation>&amp;Cancelar trabajo…</translation>
    </message>
    <message>
        <source>E&amp;xpire…</source>
        <translation>Ma&amp;rcar como vencido…</translation>
    </message>
    <message>
        <source>Mark re&amp;quested</source>
        <translation>Marcar como so&amp;licitado</translation>
    </message>
    <message>
        <source>&amp;Decline request</source>
        <translation>Rec&amp;hazar solicitud</translation>
    </message>
    <message>
        <source>As&amp;k customer to confirm</source>
        <translation>Pedir con&amp;firmación al cliente</translation>
    </message>
    <message>
        <source>Mark &amp;paid</source>
        <translation>Marcar como pa&amp;gado</translation>
    </message>
    <message>
        <source>Pro to assign</source>
        <translation>Técnico a asignar</translation>
    </message>
    <message>
        <source>&amp;Assign</source>
        <translation>As&amp;ignar</translation>
    </message>
    <message>
        <source>&amp;Unassign</source>
        <translation>&amp;Quitar asignación</translation>
    </message>
    <message>
        <source>P&amp;ro:</source>
        <translation>Técnico:</translation>
    </message>
    <message>
        <source>&amp;When:</source>
        <translation>Cuán&amp;do:</translation>
    </message>
    <message>
        <source>Schedu&amp;le</source>
        <translation>Progra&amp;mar</translation>
    </message>
    <message>
        <source>W&amp;indow:</source>
        <translation>Fran&amp;ja:</translation>
    </message>
    <message>
        <source>6-digit code from the customer</source>
        <translation>Código de 6 dígitos del cliente</translation>
    </message>
    <message>
        <source>S&amp;tart job</source>
        <translation>Iniciar tra&amp;bajo</translation>
    </message>
    <message>
        <source>Co&amp;mplete job</source>
        <translation>Com&amp;pletar trabajo</translation>
    </message>
    <message>
        <source>C&amp;ode:</source>
        <translation>Códig&amp;o:</translation>
    </message>
    <message>
        <source>A note for the job&apos;s history</source>
        <translation>Una nota para el historial del trabajo</translation>
    </message>
    <message>
        <source>Add note</source>
        <translation>Agregar nota</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>&amp;Nota:</translation>
    </message>
    <message>
        <source>%1 (you)</source>
        <translation>%1 (usted)</translation>
    </message>
    <message>
        <source>load the job</source>
        <translation>cargar el trabajo</translation>
    </message>
    <message>
        <source>(untitled job)</source>
        <translation>(trabajo sin título)</translation>
    </message>
    <message>
        <source>%1 your time
%2 %3 in %4 (customer&apos;s window)</source>
        <translation>%1 (su hora)
%2 %3 en %4 (franja del cliente)</translation>
    </message>
    <message>
        <source>Not scheduled</source>
        <translation>Sin programar</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>Sin asignar</translation>
    </message>
    <message>
        <source>%1 per hour</source>
        <translation>%1 por hora</translation>
    </message>
    <message>
        <source>%1 flat</source>
        <translation>%1 tarifa fija</translation>
    </message>
    <message>
        <source>start %1 · completion %2</source>
        <translation>inicio %1 · finalización %2</translation>
    </message>
    <message>
        <source>%1 by %2</source>
        <translation>%1 por %2</translation>
    </message>
    <message>
        <source>Loading the latest version of this job…</source>
        <translation>Cargando la versión más reciente de este trabajo…</translation>
    </message>
    <message>
        <source>Waiting for the server to confirm the last change…</source>
        <translation>Esperando a que el servidor confirme el último cambio…</translation>
    </message>
    <message>
        <source>Cancel job</source>
        <translation>Cancelar trabajo</translation>
    </message>
    <message>
        <source>Expire job</source>
        <translation>Marcar trabajo como vencido</translation>
    </message>
    <message>
        <source>Cancel “%1”? This cannot be undone.</source>
        <translation>¿Cancelar “%1”? Esto no se puede deshacer.</translation>
    </message>
    <message>
        <source>Mark “%1” as expired? This cannot be undone; no pro will be offered it again.</source>
        <translation>¿Marcar “%1” como vencido? Esto no se puede deshacer; no se volverá a ofrecer a ningún técnico.</translation>
    </message>
    <message>
        <source>Reason (optional, kept in the job&apos;s history):</source>
        <translation>Motivo (opcional, se guarda en el historial del trabajo):</translation>
    </message>
    <message>
        <source>Keep job</source>
        <translation>Conservar trabajo</translation>
    </message>
    <message>
        <source>Assigned to %1.</source>
        <translation>Asignado a %1.</translation>
    </message>
    <message>
        <source>assign the job</source>
        <translation>asignar el trabajo</translation>
    </message>
    <message>
        <source>The job is open again.</source>
        <translation>El trabajo está abierto de nuevo.</translation>
    </message>
    <message>
        <source>unassign the job</source>
        <translation>quitar la asignación del trabajo</translation>
    </message>
    <message>
        <source>Scheduled.</source>
        <translation>Programado.</translation>
    </message>
    <message>
        <source>schedule the job</source>
        <translation>programar el trabajo</translation>
    </message>
    <message>
        <source>Job started.</source>
        <translation>Trabajo iniciado.</translation>
    </message>
    <message>
        <source>start the job</source>
        <translation>iniciar el trabajo</translation>
    </message>
    <message>
        <source>Job completed.</source>
        <translation>Trabajo completado.</translation>
    </message>
    <message>
        <source>complete the job</source>
        <translation>completar el trabajo</translation>
    </message>
    <message>
        <source>Job cancelled.</source>
        <translation>Trabajo cancelado.</translation>
    </message>
    <message>
        <source>cancel the job</source>
        <translation>cancelar el trabajo</translation>
    </message>
    <message>
        <source>Job expired.</source>
        <translation>Trabajo marcado como vencido.</translation>
    </message>
    <message>
        <source>expire the job</source>
        <translation>marcar el trabajo como vencido</translation>
    </message>
    <message>
        <source>Marked as requested.</source>
        <translation>Marcado como solicitado.</translation>
    </message>
    <message>
        <source>mark the job requested</source>
        <translation>marcar el trabajo como solicitado</translation>
    </message>
    <message>
        <source>Request declined; the job is open again.</source>
        <translation>Solicitud rechazada; el trabajo está abierto de nuevo.</translation>
    </message>
    <message>
        <source>decline the request</source>
        <translation>rechazar la solicitud</translation>
    </message>
    <message>
        <source>Waiting for the customer to confirm.</source>
        <translation>Esperando la confirmación del cliente.</translation>
    </message>
    <message>
        <source>ask the customer to confirm</source>
        <translation>pedir la confirmación del cliente</translation>
    </message>
    <message>
        <source>Marked as paid.</source>
        <translation>Marcado como pagado.</translation>
    </message>
    <message>
        <source>mark the job paid</source>
        <translation>marcar el trabajo como pagado</translation>
    </message>
    <message>
        <source>Type the note first.</source>
        <translation>Escriba primero la nota.</translation>
    </message>
    <message>
        <source>Note added.</source>
        <translation>Nota agregada.</translation>
    </message>
    <message>
        <source>add the note</source>
        <translation>agregar la nota</translation>
    </message>
    <message>
        <source>Customer&apos;s code</source>
        <translation>Código del cliente</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <source>Type the customer&apos;s 6-digit code first.</source>
        <translation>Escriba primero el código de 6 dígitos del cliente.</translation>
    </message>
    <message>
        <source>Unassi&amp;gn and cancel…</source>
        <translation>Quitar asignación &amp;y cancelar…</translation>
    </message>
    <message>
        <source>Choose a pro</source>
        <translation>Elija un técnico</translation>
    </message>
    <message>
        <source>Choose the pro to assign first.</source>
        <translation>Elija primero el técnico a asignar.</translation>
    </message>
    <message>
        <source>Unassign the pro, then cancel the job: the status machine needs both.</source>
        <translation>Quitar la asignación del técnico y luego cancelar el trabajo: el flujo de estados exige ambos pasos.</translation>
    </message>
    <message>
        <source>Only a scheduled job is unassigned before it is cancelled; use Cancel job for this one.</source>
        <translation>Solo a un trabajo programado se le quita la asignación antes de cancelarlo; para este use Cancelar trabajo.</translation>
    </message>
    <message>
        <source>Unassign and cancel job</source>
        <translation>Quitar asignación y cancelar trabajo</translation>
    </message>
    <message>
        <source>Unassign %1 from “%2” and cancel the job? The cancel cannot be undone.</source>
        <translation>¿Quitar a %1 de “%2” y cancelar el trabajo? La cancelación no se puede deshacer.</translation>
    </message>
    <message>
        <source>Unassign and cancel</source>
        <translation>Quitar asignación y cancelar</translation>
    </message>
    <message>
        <source>Nothing was changed: the job is %1 now.</source>
        <translation>No se cambió nada: el trabajo ahora está %1.</translation>
    </message>
    <message>
        <source>Could not %1: %2 Your change was not applied; check the job as it is now and try again.</source>
        <translation>No se pudo %1: %2 Su cambio no se aplicó; revise el trabajo tal como está ahora e inténtelo de nuevo.</translation>
    </message>
    <message>
        <source>Unassigned from %1.</source>
        <translation>Se quitó la asignación a %1.</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Deshacer</translation>
    </message>
    <message>
        <source>undo the unassign</source>
        <translation>deshacer la eliminación de la asignación</translation>
    </message>
    <message>
        <source>Assigned to %1 again.</source>
        <translation>Asignado de nuevo a %1.</translation>
    </message>
    <message>
        <source>Unassigned from %1 and cancelled.</source>
        <translation>Se quitó la asignación a %1 y se canceló.</translation>
    </message>
    <message>
        <source>%1 is unassigned, but the job is not cancelled: %2</source>
        <translation>Se quitó la asignación a %1, pero el trabajo no se canceló: %2</translation>
    </message>
    <message>
        <source>Moved to %1.</source>
        <translation>Se movió a %1.</translation>
    </message>
    <message>
        <source>Show it</source>
        <translation>Mostrarlo</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::JobEditor</name>
    <message>
        <source>No notes from the customer</source>
        <translation>Sin notas del cliente</translation>
    </message>
    <message>
        <source>latitude, longitude (e.g. 30.2672, -97.7431)</source>
        <translation>latitud, longitud (p. ej., 30.2672, -97.7431)</translation>
    </message>
    <message>
        <source>dollars, e.g. 125.00</source>
        <translation>dólares, p. ej., 125.00</translation>
    </message>
    <message>
        <source>two letters, e.g. US</source>
        <translation>dos letras, p. ej., US</translation>
    </message>
    <message>
        <source>e.g. TX</source>
        <translation>p. ej., TX</translation>
    </message>
    <message>
        <source>required</source>
        <translation>obligatorio</translation>
    </message>
    <message>
        <source>Loading the job…</source>
        <translation>Cargando el trabajo…</translation>
    </message>
    <message>
        <source>Not set</source>
        <translation>Sin definir</translation>
    </message>
    <message>
        <source>Flat rate</source>
        <translation>Tarifa fija</translation>
    </message>
    <message>
        <source>Hourly</source>
        <translation>Por hora</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Guardar</translation>
    </message>
    <message>
        <source>Save your changes (%1)</source>
        <translation>Guardar sus cambios (%1)</translation>
    </message>
    <message>
        <source>&amp;Revert</source>
        <translation>Re&amp;vertir</translation>
    </message>
    <message>
        <source>Undo every unsaved change</source>
        <translation>Deshacer todos los cambios sin guardar</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Cerrar</translation>
    </message>
    <message>
        <source>Close the editor (Esc)</source>
        <translation>Cerrar el editor (Esc)</translation>
    </message>
    <message>
        <source>The price is fixed once a pro has been requested or scheduled.</source>
        <translation>El precio queda fijo una vez que se solicitó o programó a un técnico.</translation>
    </message>
    <message>
        <source>This job is %1: its fields can no longer be changed. Notes can still be added from the job&apos;s details.</source>
        <translation>Este trabajo está %1: sus campos ya no se pueden cambiar. Todavía se pueden agregar notas desde los detalles del trabajo.</translation>
    </message>
    <message>
        <source>This job is %1, so its fields are read-only.</source>
        <translation>Este trabajo está %1, así que sus campos son de solo lectura.</translation>
    </message>
    <message>
        <source>Pricing is read-only: a pro has been requested or scheduled.</source>
        <translation>La tarifa es de solo lectura: ya se solicitó o programó a un técnico.</translation>
    </message>
    <message>
        <source>Edit job: %1 — %2</source>
        <translation>Editar trabajo: %1 — %2</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Guardando…</translation>
    </message>
    <message>
        <source>Your changes overlap with someone else&apos;s: choose in the dialog what to keep.</source>
        <translation>Sus cambios se cruzan con los de otra persona: elija en el cuadro de diálogo qué conservar.</translation>
    </message>
    <message>
        <source>Correct the fields marked in red to save.</source>
        <translation>Corrija los campos marcados en rojo para guardar.</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Cambios sin guardar</translation>
    </message>
    <message>
        <source>Saved · version %1, %2</source>
        <translation>Guardado · versión %1, %2</translation>
    </message>
    <message>
        <source>This job was deleted, or you can no longer see it. Copy anything you need, then close the editor.</source>
        <translation>Este trabajo se eliminó o usted ya no puede verlo. Copie lo que necesite y luego cierre el editor.</translation>
    </message>
    <message>
        <source>Your edits were discarded; the form shows %1&apos;s version.</source>
        <translation>Se descartaron sus ediciones; el formulario muestra la versión de %1.</translation>
    </message>
    <message>
        <source>%1&apos;s value: %2</source>
        <translation>Valor de %1: %2</translation>
    </message>
    <message>
        <source>%1 changed this job. Your edits are kept on top of their version; saving keeps your values (hover a field to see theirs).</source>
        <translation>%1 cambió este trabajo. Sus ediciones se conservan sobre esa versión; al guardar se mantienen sus valores (pase el puntero sobre un campo para ver el otro valor).</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::JobHistoryView</name>
    <message>
        <source>History</source>
        <translation>Historial</translation>
    </message>
    <message>
        <source>History columns</source>
        <translation>Columnas del historial</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Quién</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Qué</translation>
    </message>
    <message>
        <source>load the history</source>
        <translation>cargar el historial</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::LoginDialog</name>
    <message>
        <source>&amp;Demo accounts (password &quot;demo-password&quot;):</source>
        <translation>Cuentas de &amp;demostración (contraseña &quot;demo-password&quot;):</translation>
    </message>
    <message>
        <source>&amp;Remember me on this computer</source>
        <translation>&amp;Recordarme en esta computadora</translation>
    </message>
    <message>
        <source>Sign in — Dispatch Console</source>
        <translation>Iniciar sesión — Dispatch Console</translation>
    </message>
    <message>
        <source>Keeps you signed in: the session is stored in the system keychain, and File › Sign out forgets it.</source>
        <translation>Mantiene su sesión iniciada: la sesión se guarda en el llavero del sistema y Archivo › Cerrar sesión la olvida.</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;Servidor:</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Usuario:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Contraseña:</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>&amp;Iniciar sesión</translation>
    </message>
    <message>
        <source>The server address is not valid. Enter it like http://dispatch.example.com:8080.</source>
        <translation>La dirección del servidor no es válida. Ingrésela así: http://dispatch.example.com:8080.</translation>
    </message>
    <message>
        <source>Enter your user name and password.</source>
        <translation>Ingrese su usuario y contraseña.</translation>
    </message>
    <message>
        <source>sign in</source>
        <translation>iniciar sesión</translation>
    </message>
    <message>
        <source>Your saved sign-in has expired. Sign in again.</source>
        <translation>Su sesión guardada venció. Inicie sesión de nuevo.</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Iniciando sesión…</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::MainWindow</name>
    <message>
        <source>Dispatch Console</source>
        <translation>Dispatch Console</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>&amp;Cerrar sesión</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <source>&amp;Refresh board</source>
        <translation>&amp;Actualizar tablero</translation>
    </message>
    <message>
        <source>Go to &amp;board</source>
        <translation>Ir al &amp;tablero</translation>
    </message>
    <message>
        <source>Go to &amp;details</source>
        <translation>Ir a los &amp;detalles</translation>
    </message>
    <message>
        <source>&amp;Search jobs</source>
        <translation>&amp;Buscar trabajos</translation>
    </message>
    <message>
        <source>&amp;Job</source>
        <translation>&amp;Trabajo</translation>
    </message>
    <message>
        <source>&amp;Edit job…</source>
        <translation>&amp;Editar trabajo…</translation>
    </message>
    <message>
        <source>Add &amp;note</source>
        <translation>Agregar &amp;nota</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Ay&amp;uda</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Atajos de teclado</translation>
    </message>
    <message>
        <source>Starting the local server…</source>
        <translation>Iniciando el servidor local…</translation>
    </message>
    <message>
        <source>The local server could not start: %1

Start the console with --server URL to use another server, or with --data-dir DIR to use another folder.</source>
        <translation>No se pudo iniciar el servidor local: %1

Inicie la consola con --server URL para usar otro servidor, o con --data-dir DIR para usar otra carpeta.</translation>
    </message>
    <message>
        <source>Sign in to continue.</source>
        <translation>Inicie sesión para continuar.</translation>
    </message>
    <message>
        <source>sign in</source>
        <translation>iniciar sesión</translation>
    </message>
    <message>
        <source>Your session has ended (it expired or was signed out elsewhere). Sign in again to continue.</source>
        <translation>Su sesión terminó (venció o se cerró en otro lugar). Inicie sesión de nuevo para continuar.</translation>
    </message>
    <message>
        <source>The server ended your session (it expired or was signed out elsewhere). Sign in again to continue.</source>
        <translation>El servidor terminó su sesión (venció o se cerró en otro lugar). Inicie sesión de nuevo para continuar.</translation>
    </message>
    <message>
        <source>Loading jobs…</source>
        <translation>Cargando trabajos…</translation>
    </message>
    <message>
        <source>load the jobs</source>
        <translation>cargar los trabajos</translation>
    </message>
    <message>
        <source>Loading jobs… %1 so far</source>
        <translation>Cargando trabajos… %1 hasta ahora</translation>
    </message>
    <message>
        <source>Saved “%1”.</source>
        <translation>Se guardó “%1”.</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Cambios sin guardar</translation>
    </message>
    <message>
        <source>You have changes to this job that are not saved. Discard them?</source>
        <translation>Tiene cambios en este trabajo que no se guardaron. ¿Descartarlos?</translation>
    </message>
    <message>
        <source>Some changes could not be followed live; reloading the board.</source>
        <translation>Algunos cambios no se pudieron seguir en vivo; se está recargando el tablero.</translation>
    </message>
    <message>
        <source>Your session has ended. Copy your edits, then sign in again with File › Sign out.</source>
        <translation>Su sesión terminó. Copie sus ediciones y luego vuelva a iniciar sesión con Archivo › Cerrar sesión.</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>Trabajos</translation>
    </message>
    <message>
        <source>Offers as a &amp;pro sees them…</source>
        <translation>Ofertas como las ve un &amp;técnico…</translation>
    </message>
    <message>
        <source>Open jobs ranked for you, best first (Ctrl+1)</source>
        <translation>Trabajos abiertos ordenados para usted, el mejor primero (Ctrl+1)</translation>
    </message>
    <message>
        <source>The jobs you have taken (Ctrl+2 … Ctrl+5)</source>
        <translation>Los trabajos que ha tomado (Ctrl+2 … Ctrl+5)</translation>
    </message>
    <message>
        <source>It&apos;s yours: the office will schedule it. “%1” is in My jobs.</source>
        <translation>Es suyo: la oficina lo programará. «%1» está en Mis trabajos.</translation>
    </message>
    <message>
        <source>It&apos;s yours: scheduled for %1. “%2” is in My jobs.</source>
        <translation>Es suyo: programado para %1. «%2» está en Mis trabajos.</translation>
    </message>
    <message>
        <source>Change &amp;password…</source>
        <translation>Cambiar c&amp;ontraseña…</translation>
    </message>
    <message>
        <source>Go to &amp;users</source>
        <translation>Ir a &amp;usuarios</translation>
    </message>
    <message>
        <source>Photos waiting for an admin&apos;s review (Ctrl+1)</source>
        <translation>Fotos en espera de la revisión de un administrador (Ctrl+1)</translation>
    </message>
    <message>
        <source>The job board (Ctrl+2 … Ctrl+5)</source>
        <translation>El tablero de trabajos (Ctrl+2 … Ctrl+5)</translation>
    </message>
    <message>
        <source>Every user: add, change, reset a password, deactivate (Ctrl+Shift+U)</source>
        <translation>Todos los usuarios: agregar, cambiar, restablecer una contraseña, desactivar (Ctrl+Shift+U)</translation>
    </message>
    <message>
        <source>Your password is changed; use the new one next time you sign in.</source>
        <translation>Su contraseña se cambió; use la nueva la próxima vez que inicie sesión.</translation>
    </message>
    <message>
        <source>The server cannot be reached; photos can be added once it is back.</source>
        <translation>No se puede contactar al servidor; podrá agregar fotos cuando vuelva a estar disponible.</translation>
    </message>
    <message>
        <source>Unassign and &amp;cancel…</source>
        <translation>Quitar asignación y &amp;cancelar…</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>Páginas</translation>
    </message>
    <message>
        <source>Ctrl+1</source>
        <translation>Ctrl+1</translation>
    </message>
    <message>
        <source>Offers</source>
        <translation>Ofertas</translation>
    </message>
    <message>
        <source>Ctrl+2 … Ctrl+5</source>
        <translation>Ctrl+2 … Ctrl+5</translation>
    </message>
    <message>
        <source>My jobs: Scheduled, In progress, Done, All</source>
        <translation>Mis trabajos: Programados, En curso, Terminados, Todos</translation>
    </message>
    <message>
        <source>Up, Down</source>
        <translation>Arriba, Abajo</translation>
    </message>
    <message>
        <source>Move between offers</source>
        <translation>Moverse entre las ofertas</translation>
    </message>
    <message>
        <source>Enter, Alt+A</source>
        <translation>Enter, Alt+A</translation>
    </message>
    <message>
        <source>Accept the selected offer</source>
        <translation>Aceptar la oferta seleccionada</translation>
    </message>
    <message>
        <source>Photo review</source>
        <translation>Revisión de fotos</translation>
    </message>
    <message>
        <source>Jobs: Scheduled, In progress, Done, All</source>
        <translation>Trabajos: Programados, En curso, Terminados, Todos</translation>
    </message>
    <message>
        <source>Alt+J</source>
        <translation>Alt+J</translation>
    </message>
    <message>
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <source>Approve the photo</source>
        <translation>Aprobar la foto</translation>
    </message>
    <message>
        <source>F</source>
        <translation>F</translation>
    </message>
    <message>
        <source>Flag the photo, with a note</source>
        <translation>Marcar la foto, con una nota</translation>
    </message>
    <message>
        <source>J, K</source>
        <translation>J, K</translation>
    </message>
    <message>
        <source>Next photo, previous photo</source>
        <translation>Foto siguiente, foto anterior</translation>
    </message>
    <message>
        <source>Ctrl+Z</source>
        <translation>Ctrl+Z</translation>
    </message>
    <message>
        <source>Undo the last decision</source>
        <translation>Deshacer la última decisión</translation>
    </message>
    <message>
        <source>Board</source>
        <translation>Tablero</translation>
    </message>
    <message>
        <source>Ctrl+1 … Ctrl+5</source>
        <translation>Ctrl+1 … Ctrl+5</translation>
    </message>
    <message>
        <source>Tabs: Available, Scheduled, In progress, Done, All</source>
        <translation>Pestañas: Disponibles, Programados, En curso, Terminados, Todos</translation>
    </message>
    <message>
        <source>Move between jobs</source>
        <translation>Moverse entre los trabajos</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
    <message>
        <source>Edit the selected job</source>
        <translation>Editar el trabajo seleccionado</translation>
    </message>
    <message>
        <source>Ctrl+S</source>
        <translation>Ctrl+S</translation>
    </message>
    <message>
        <source>Save in the editor</source>
        <translation>Guardar en el editor</translation>
    </message>
    <message>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <source>Close the editor</source>
        <translation>Cerrar el editor</translation>
    </message>
    <message>
        <source>Everywhere</source>
        <translation>En todas partes</translation>
    </message>
    <message>
        <source>Alt + underlined letter</source>
        <translation>Alt + letra subrayada</translation>
    </message>
    <message>
        <source>Press that button or open that menu</source>
        <translation>Presionar ese botón o abrir ese menú</translation>
    </message>
    <message>
        <source>Tab, Shift+Tab</source>
        <translation>Tab, Shift+Tab</translation>
    </message>
    <message>
        <source>Move between controls</source>
        <translation>Moverse entre los controles</translation>
    </message>
    <message>
        <source>Not signed in.</source>
        <translation>Sin iniciar sesión.</translation>
    </message>
    <message>
        <source>Go to &amp;dispatch</source>
        <translation>Ir al des&amp;pacho</translation>
    </message>
    <message>
        <source>Every pro&apos;s day on a timeline; drag unassigned jobs onto a pro at a time (Ctrl+D)</source>
        <translation>El día de cada técnico en una línea de tiempo; arrastre trabajos sin asignar hasta un técnico a una hora (Ctrl+D)</translation>
    </message>
    <message>
        <source>The job board (Ctrl+B)</source>
        <translation>El tablero de trabajos (Ctrl+B)</translation>
    </message>
    <message>
        <source>My jobs</source>
        <translation>Mis trabajos</translation>
    </message>
    <message>
        <source>Offers (%1)</source>
        <translation>Ofertas (%1)</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Usuarios</translation>
    </message>
    <message>
        <source>Dispatch</source>
        <translation>Despacho</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::MessagePage</name>
    <message>
        <source>&amp;Sign in…</source>
        <translation>&amp;Iniciar sesión…</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Iniciar sesión</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::MoveToDialog</name>
    <message>
        <source>Move to</source>
        <translation>Mover a</translation>
    </message>
    <message>
        <source>Pro</source>
        <translation>Técnico</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <source>Start time, in %1</source>
        <translation>Hora de inicio, en %1</translation>
    </message>
    <message>
        <source>&amp;Move</source>
        <translation>&amp;Mover</translation>
    </message>
    <message>
        <source>Job:</source>
        <translation>Trabajo:</translation>
    </message>
    <message>
        <source>&amp;Pro:</source>
        <translation>&amp;Técnico:</translation>
    </message>
    <message>
        <source>&amp;Date:</source>
        <translation>&amp;Fecha:</translation>
    </message>
    <message>
        <source>&amp;Start (%1):</source>
        <translation>&amp;Inicio (%1):</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::NewJobActions</name>
    <message>
        <source>&amp;New job…</source>
        <translation>N&amp;uevo trabajo…</translation>
    </message>
    <message>
        <source>&amp;Drafts…</source>
        <translation>&amp;Borradores…</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>Trabajos</translation>
    </message>
    <message>
        <source>Start a new job (Ctrl+N); every field is saved as you type</source>
        <translation>Empezar un trabajo nuevo (Ctrl+N); cada campo se guarda mientras escribe</translation>
    </message>
    <message>
        <source>Jobs you started and did not publish yet (Ctrl+Shift+D)</source>
        <translation>Trabajos que empezó y todavía no publicó (Ctrl+Shift+D)</translation>
    </message>
    <message>
        <source>Job tools</source>
        <translation>Herramientas de trabajos</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::NewJobWizard</name>
    <message>
        <source>New job</source>
        <translation>Nuevo trabajo</translation>
    </message>
    <message>
        <source>&amp;Publish</source>
        <translation>&amp;Publicar</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Cerrar</translation>
    </message>
    <message>
        <source>Publish the job</source>
        <translation>Publicar el trabajo</translation>
    </message>
    <message>
        <source>Close the wizard; the draft stays saved (Job › Drafts…)</source>
        <translation>Cerrar el asistente; el borrador queda guardado (Trabajo › Borradores…)</translation>
    </message>
    <message>
        <source>New job (resumed draft)</source>
        <translation>Nuevo trabajo (borrador retomado)</translation>
    </message>
    <message>
        <source>Start a &amp;new draft</source>
        <translation>Iniciar un borrador &amp;nuevo</translation>
    </message>
    <message>
        <source>Start a new draft for the country and state typed</source>
        <translation>Iniciar un borrador nuevo para el país y el estado escritos</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Dónde</translation>
    </message>
    <message>
        <source>Country and state first: they start the draft, which then stays in that jurisdiction. Then the address.</source>
        <translation>Primero el país y el estado: con ellos se inicia el borrador, que luego se queda en esa jurisdicción. Después, la dirección.</translation>
    </message>
    <message>
        <source>Time zone of the address</source>
        <translation>Zona horaria de la dirección</translation>
    </message>
    <message>
        <source>&amp;Time zone of the address:</source>
        <translation>&amp;Zona horaria de la dirección:</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Who asked for the job, and how to reach them.</source>
        <translation>Quién pidió el trabajo y cómo contactarlo.</translation>
    </message>
    <message>
        <source>The work</source>
        <translation>El trabajo</translation>
    </message>
    <message>
        <source>What the pro will do, in the customer&apos;s words.</source>
        <translation>Lo que hará el técnico, en palabras del cliente.</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Precio</translation>
    </message>
    <message>
        <source>A flat price or an hourly rate (optional).</source>
        <translation>Un precio fijo o una tarifa por hora (opcional).</translation>
    </message>
    <message>
        <source>is required to start the draft</source>
        <translation>es obligatorio para iniciar el borrador</translation>
    </message>
    <message>
        <source>Starting the draft…</source>
        <translation>Iniciando el borrador…</translation>
    </message>
    <message>
        <source>start the draft</source>
        <translation>iniciar el borrador</translation>
    </message>
    <message>
        <source>This draft was changed in another window (%1); those values are shown and yours were kept.</source>
        <translation>Este borrador se cambió en otra ventana (%1); se muestran esos valores y se conservaron los suyos.</translation>
    </message>
    <message>
        <source>save the draft</source>
        <translation>guardar el borrador</translation>
    </message>
    <message>
        <source>you, in another window,</source>
        <translation>usted, en otra ventana,</translation>
    </message>
    <message>
        <source>This draft is for %1: a job in %2 needs a new draft. Everything else you typed is saved.</source>
        <translation>Este borrador es para %1: un trabajo en %2 necesita un borrador nuevo. Todo lo demás que escribió está guardado.</translation>
    </message>
    <message>
        <source>Publishing…</source>
        <translation>Publicando…</translation>
    </message>
    <message>
        <source>Not published: %1</source>
        <translation>No se publicó: %1</translation>
    </message>
    <message>
        <source>This draft was changed in another window just now. Check the values above and publish again.</source>
        <translation>Este borrador se acaba de cambiar en otra ventana. Revise los valores de arriba y vuelva a publicar.</translation>
    </message>
    <message>
        <source>The server did not answer; trying again…</source>
        <translation>El servidor no respondió; reintentando…</translation>
    </message>
    <message>
        <source>Not published: %1.</source>
        <translation>No se publicó: %1.</translation>
    </message>
    <message>
        <source>publish the job</source>
        <translation>publicar el trabajo</translation>
    </message>
    <message>
        <source>Published.</source>
        <translation>Publicado.</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::NoticeBanner</name>
    <message>
        <source>Notice</source>
        <translation>Aviso</translation>
    </message>
    <message>
        <source>Dismiss this message</source>
        <translation>Descartar este mensaje</translation>
    </message>
    <message>
        <source>Dismiss message</source>
        <translation>Descartar mensaje</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Hecho</translation>
    </message>
    <message>
        <source>Information</source>
        <translation>Información</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Advertencia</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::OfferQueue</name>
    <message>
        <source>load the offers</source>
        <translation>cargar las ofertas</translation>
    </message>
    <message>
        <source>accept the job</source>
        <translation>aceptar el trabajo</translation>
    </message>
    <message>
        <source>This job is no longer on offer (it was cancelled or changed just now).</source>
        <translation>Este trabajo ya no está en oferta (se canceló o cambió hace un momento).</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::OffersPage</name>
    <message>
        <source>Place at %1, %2</source>
        <translation>Lugar en %1, %2</translation>
    </message>
    <message>
        <source>Measure distance fro&amp;m:</source>
        <translation>Medir la distancia des&amp;de:</translation>
    </message>
    <message>
        <source>&amp;Notify me of top offers</source>
        <translation>Avisar&amp;me de las mejores ofertas</translation>
    </message>
    <message>
        <source>Measure distance from</source>
        <translation>Medir la distancia desde</translation>
    </message>
    <message>
        <source>Where the distances and the distance part of the score are measured from</source>
        <translation>Desde dónde se miden las distancias y la parte de distancia del puntaje</translation>
    </message>
    <message>
        <source>My home</source>
        <translation>Mi casa</translation>
    </message>
    <message>
        <source>Other place…</source>
        <translation>Otro lugar…</translation>
    </message>
    <message>
        <source>Notify me of top offers</source>
        <translation>Avisarme de las mejores ofertas</translation>
    </message>
    <message>
        <source>Tell me when a new job ranks in my top three</source>
        <translation>Avisarme cuando un trabajo nuevo quede entre mis tres primeros</translation>
    </message>
    <message>
        <source>Offers</source>
        <translation>Ofertas</translation>
    </message>
    <message>
        <source>Open jobs, best first. Press Enter to accept the selected offer.</source>
        <translation>Trabajos abiertos, el mejor primero. Pulse Intro para aceptar la oferta seleccionada.</translation>
    </message>
    <message>
        <source>Offer columns</source>
        <translation>Columnas de ofertas</translation>
    </message>
    <message>
        <source>The connection dropped while accepting; trying again (attempt %1)…</source>
        <translation>Se cortó la conexión al aceptar; reintentando (intento %1)…</translation>
    </message>
    <message>
        <source>Another pro took this job just now.</source>
        <translation>Otro técnico acaba de tomar este trabajo.</translation>
    </message>
    <message>
        <source>Another pro took this job just now: “%1”.</source>
        <translation>Otro técnico acaba de tomar este trabajo: «%1».</translation>
    </message>
    <message>
        <source>Select an offer to see its details.</source>
        <translation>Seleccione una oferta para ver sus detalles.</translation>
    </message>
    <message>
        <source>Offer details</source>
        <translation>Detalles de la oferta</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>Trabajo</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Puntaje</translation>
    </message>
    <message>
        <source>Distance</source>
        <translation>Distancia</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Dirección</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Zona</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Precio</translation>
    </message>
    <message>
        <source>Customer&apos;s notes</source>
        <translation>Notas del cliente</translation>
    </message>
    <message>
        <source>&amp;Accept</source>
        <translation>A&amp;ceptar</translation>
    </message>
    <message>
        <source>Accept offer</source>
        <translation>Aceptar oferta</translation>
    </message>
    <message>
        <source>Take this job: it becomes yours and leaves everyone&apos;s offers (Enter on a row does the same)</source>
        <translation>Tomar este trabajo: pasa a ser suyo y sale de las ofertas de todos (Intro en una fila hace lo mismo)</translation>
    </message>
    <message>
        <source>(untitled job)</source>
        <translation>(trabajo sin título)</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Unknown (no location for this job)</source>
        <translation>Desconocida (este trabajo no tiene ubicación)</translation>
    </message>
    <message>
        <source>No date or due time yet</source>
        <translation>Sin fecha ni vencimiento todavía</translation>
    </message>
    <message>
        <source>No address given</source>
        <translation>Sin dirección</translation>
    </message>
    <message>
        <source>No price given</source>
        <translation>Sin precio</translation>
    </message>
    <message>
        <source>Accepting…</source>
        <translation>Aceptando…</translation>
    </message>
    <message>
        <source>Wait until the offer you accepted is confirmed.</source>
        <translation>Espere a que se confirme la oferta que aceptó.</translation>
    </message>
    <message>
        <source>Loading offers…</source>
        <translation>Cargando ofertas…</translation>
    </message>
    <message>
        <source>No open jobs right now.</source>
        <translation>No hay trabajos abiertos ahora.</translation>
    </message>
    <message>
        <source>1 offer</source>
        <translation>1 oferta</translation>
    </message>
    <message>
        <source>%1 offers</source>
        <translation>%1 ofertas</translation>
    </message>
    <message>
        <source>Open jobs, best first, as this pro sees them.</source>
        <translation>Trabajos abiertos, el mejor primero, como los ve este técnico.</translation>
    </message>
    <message>
        <source>Read-only: the queue as %1 sees it (distances from their home).</source>
        <translation>Solo lectura: la cola como la ve %1 (distancias desde su casa).</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::OneTimePasswordDialog</name>
    <message>
        <source>New password for %1</source>
        <translation>Nueva contraseña para %1</translation>
    </message>
    <message>
        <source>Give this password to %1 now: it is shown only once. Their old password and every session they had have stopped working.</source>
        <translation>Entregue ahora esta contraseña a %1: se muestra una sola vez. Su contraseña anterior y todas sus sesiones dejaron de funcionar.</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>Nueva contraseña</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Copiar</translation>
    </message>
    <message>
        <source>Copy the password</source>
        <translation>Copiar la contraseña</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Copiada</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::OtherPlaceDialog</name>
    <message>
        <source>Measure distance from another place</source>
        <translation>Medir la distancia desde otro lugar</translation>
    </message>
    <message>
        <source>Type the place&apos;s latitude and longitude in degrees, for example 40.7128 and -74.0060.</source>
        <translation>Escriba la latitud y la longitud del lugar en grados, por ejemplo 40.7128 y -74.0060.</translation>
    </message>
    <message>
        <source>Latitude</source>
        <translation>Latitud</translation>
    </message>
    <message>
        <source>-90 to 90</source>
        <translation>-90 a 90</translation>
    </message>
    <message>
        <source>Longitude</source>
        <translation>Longitud</translation>
    </message>
    <message>
        <source>-180 to 180</source>
        <translation>-180 a 180</translation>
    </message>
    <message>
        <source>&amp;Use this place</source>
        <translation>&amp;Usar este lugar</translation>
    </message>
    <message>
        <source>Use this place</source>
        <translation>Usar este lugar</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>&amp;Latitude:</source>
        <translation>&amp;Latitud:</translation>
    </message>
    <message>
        <source>L&amp;ongitude:</source>
        <translation>L&amp;ongitud:</translation>
    </message>
    <message>
        <source>The latitude is not a number of degrees.</source>
        <translation>La latitud no es un número de grados.</translation>
    </message>
    <message>
        <source>The latitude must be between -90 and 90 degrees.</source>
        <translation>La latitud debe estar entre -90 y 90 grados.</translation>
    </message>
    <message>
        <source>The longitude is not a number of degrees.</source>
        <translation>La longitud no es un número de grados.</translation>
    </message>
    <message>
        <source>The longitude must be between -180 and 180 degrees.</source>
        <translation>La longitud debe estar entre -180 y 180 grados.</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::PhotoCanvas</name>
    <message>
        <source>Photo</source>
        <translation>Foto</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::PhotoGalleryDialog</name>
    <message>
        <source>Photos</source>
        <translation>Fotos</translation>
    </message>
    <message>
        <source>Photo gallery</source>
        <translation>Galería de fotos</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Abrir</translation>
    </message>
    <message>
        <source>Open the selected photo</source>
        <translation>Abrir la foto seleccionada</translation>
    </message>
    <message>
        <source>Close the gallery</source>
        <translation>Cerrar la galería</translation>
    </message>
    <message>
        <source>Photos — %1</source>
        <translation>Fotos — %1</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::PhotoLightbox</name>
    <message>
        <source>Photo</source>
        <translation>Foto</translation>
    </message>
    <message>
        <source>Photo viewer</source>
        <translation>Visor de fotos</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message>
        <source>◀ &amp;Previous</source>
        <translation>◀ &amp;Anterior</translation>
    </message>
    <message>
        <source>Previous photo</source>
        <translation>Foto anterior</translation>
    </message>
    <message>
        <source>Previous photo (Left, Page Up)</source>
        <translation>Foto anterior (Izquierda, Re Pág)</translation>
    </message>
    <message>
        <source>&amp;Next ▶</source>
        <translation>&amp;Siguiente ▶</translation>
    </message>
    <message>
        <source>Next photo</source>
        <translation>Foto siguiente</translation>
    </message>
    <message>
        <source>Next photo (Right, Page Down)</source>
        <translation>Foto siguiente (Derecha, Av Pág)</translation>
    </message>
    <message>
        <source>&amp;Fit</source>
        <translation>A&amp;justar</translation>
    </message>
    <message>
        <source>Fit to window</source>
        <translation>Ajustar a la ventana</translation>
    </message>
    <message>
        <source>Fit the photo to the window (F)</source>
        <translation>Ajustar la foto a la ventana (F)</translation>
    </message>
    <message>
        <source>&amp;100 %</source>
        <translation>&amp;100 %</translation>
    </message>
    <message>
        <source>Actual size</source>
        <translation>Tamaño real</translation>
    </message>
    <message>
        <source>Show the photo at 100 % (1, Ctrl+0)</source>
        <translation>Mostrar la foto al 100 % (1, Ctrl+0)</translation>
    </message>
    <message>
        <source>−</source>
        <translation>−</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Alejar</translation>
    </message>
    <message>
        <source>Zoom out (-, Ctrl+wheel)</source>
        <translation>Alejar (-, Ctrl+rueda)</translation>
    </message>
    <message>
        <source>+</source>
        <translation>+</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Acercar</translation>
    </message>
    <message>
        <source>Zoom in (+, Ctrl+wheel)</source>
        <translation>Acercar (+, Ctrl+rueda)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>Close photo viewer</source>
        <translation>Cerrar el visor de fotos</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>Cerrar (Esc)</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>This photo could not be loaded.
%1</source>
        <translation>No se pudo cargar esta foto.
%1</translation>
    </message>
    <message>
        <source>%1 — Photo</source>
        <translation>%1 — Foto</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 de %2</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::PhotoListModel</name>
    <message>
        <source>load the photos</source>
        <translation>cargar las fotos</translation>
    </message>
    <message>
        <source>Loading photos…</source>
        <translation>Cargando fotos…</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::PhotoReviewPage</name>
    <message>
        <source>another admin</source>
        <translation>otro administrador</translation>
    </message>
    <message>
        <source>“%1” was just reviewed by %2 (%3).</source>
        <translation>%2 acaba de revisar “%1” (%3).</translation>
    </message>
    <message>
        <source>Show photos</source>
        <translation>Mostrar fotos</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>En espera</translation>
    </message>
    <message>
        <source>Flagged</source>
        <translation>Marcadas</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Aprobadas</translation>
    </message>
    <message>
        <source>Photos no admin has decided on yet</source>
        <translation>Fotos sobre las que ningún administrador ha decidido todavía</translation>
    </message>
    <message>
        <source>Photos flagged, with why</source>
        <translation>Fotos marcadas, con el motivo</translation>
    </message>
    <message>
        <source>Photos approved</source>
        <translation>Fotos aprobadas</translation>
    </message>
    <message>
        <source>Photos by review state</source>
        <translation>Fotos por estado de revisión</translation>
    </message>
    <message>
        <source>Photos to review</source>
        <translation>Fotos por revisar</translation>
    </message>
    <message>
        <source>Oldest first. A approves, F flags with a note, J and K move, Ctrl+Z undoes.</source>
        <translation>Las más antiguas primero. A aprueba, F marca con una nota, J y K se mueven, Ctrl+Z deshace.</translation>
    </message>
    <message>
        <source>Try &amp;again</source>
        <translation>Volver a &amp;intentar</translation>
    </message>
    <message>
        <source>Load the photos again</source>
        <translation>Volver a cargar las fotos</translation>
    </message>
    <message>
        <source>Why flag it?</source>
        <translation>¿Por qué marcarla?</translation>
    </message>
    <message>
        <source>Why this photo is flagged</source>
        <translation>Por qué se marca esta foto</translation>
    </message>
    <message>
        <source>Blurry, wrong job, shows a face… Enter flags, Esc cancels</source>
        <translation>Borrosa, trabajo equivocado, se ve una cara… Enter marca, Esc cancela</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>A&amp;probar</translation>
    </message>
    <message>
        <source>Approve photo</source>
        <translation>Aprobar foto</translation>
    </message>
    <message>
        <source>The photo is fine (A)</source>
        <translation>La foto está bien (A)</translation>
    </message>
    <message>
        <source>Fla&amp;g…</source>
        <translation>&amp;Marcar…</translation>
    </message>
    <message>
        <source>Flag photo</source>
        <translation>Marcar foto</translation>
    </message>
    <message>
        <source>Something is wrong with the photo: say what (F)</source>
        <translation>Algo está mal en la foto: indique qué (F)</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>Anterior</translation>
    </message>
    <message>
        <source>Previous photo</source>
        <translation>Foto anterior</translation>
    </message>
    <message>
        <source>Back to the previous photo (K)</source>
        <translation>Volver a la foto anterior (K)</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Siguiente</translation>
    </message>
    <message>
        <source>Next photo</source>
        <translation>Foto siguiente</translation>
    </message>
    <message>
        <source>Skip to the next photo without deciding (J)</source>
        <translation>Pasar a la foto siguiente sin decidir (J)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Deshacer</translation>
    </message>
    <message>
        <source>Undo last decision</source>
        <translation>Deshacer la última decisión</translation>
    </message>
    <message>
        <source>Take back the last approval or flag (Ctrl+Z)</source>
        <translation>Revertir la última aprobación o marca (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Last decision</source>
        <translation>Última decisión</translation>
    </message>
    <message>
        <source>The photo&apos;s job</source>
        <translation>El trabajo de la foto</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>Trabajo</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Dirección</translation>
    </message>
    <message>
        <source>Customer:</source>
        <translation>Cliente:</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Dirección:</translation>
    </message>
    <message>
        <source>&amp;Open job</source>
        <translation>A&amp;brir trabajo</translation>
    </message>
    <message>
        <source>Open the job on the board</source>
        <translation>Abrir el trabajo en el tablero</translation>
    </message>
    <message>
        <source>Show this job on the Jobs tab</source>
        <translation>Mostrar este trabajo en la pestaña Trabajos</translation>
    </message>
    <message>
        <source>Other photos of this job</source>
        <translation>Otras fotos de este trabajo</translation>
    </message>
    <message>
        <source>Enter shows a photo that is in the list</source>
        <translation>Enter muestra una foto que está en la lista</translation>
    </message>
    <message>
        <source>That photo is not in this list (%1).</source>
        <translation>Esa foto no está en esta lista (%1).</translation>
    </message>
    <message>
        <source>This photo</source>
        <translation>Esta foto</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Archivo</translation>
    </message>
    <message>
        <source>Uploaded by</source>
        <translation>Subida por</translation>
    </message>
    <message>
        <source>Uploaded</source>
        <translation>Subida</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Tamaño</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Revisión</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>Archivo:</translation>
    </message>
    <message>
        <source>Uploaded by:</source>
        <translation>Subida por:</translation>
    </message>
    <message>
        <source>Uploaded:</source>
        <translation>Subida:</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>Tamaño:</translation>
    </message>
    <message>
        <source>Review:</source>
        <translation>Revisión:</translation>
    </message>
    <message>
        <source>A approve · F flag · J next · K previous · Ctrl+Z undo</source>
        <translation>A aprobar · F marcar · J siguiente · K anterior · Ctrl+Z deshacer</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>en espera</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>aprobada</translation>
    </message>
    <message>
        <source>flagged</source>
        <translation>marcada</translation>
    </message>
    <message>
        <source>%1 waiting · %2 approved · %3 flagged</source>
        <translation>%1 en espera · %2 aprobadas · %3 marcadas</translation>
    </message>
    <message>
        <source>Customer: %1</source>
        <translation>Cliente: %1</translation>
    </message>
    <message>
        <source>Address: %1</source>
        <translation>Dirección: %1</translation>
    </message>
    <message>
        <source>File: %1</source>
        <translation>Archivo: %1</translation>
    </message>
    <message>
        <source>Uploaded by: %1</source>
        <translation>Subida por: %1</translation>
    </message>
    <message>
        <source>Uploaded: %1</source>
        <translation>Subida: %1</translation>
    </message>
    <message>
        <source>Review: %1</source>
        <translation>Revisión: %1</translation>
    </message>
    <message>
        <source>(job not loaded yet)</source>
        <translation>(el trabajo aún no se cargó)</translation>
    </message>
    <message>
        <source>No address given</source>
        <translation>Sin dirección</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(sin nombre)</translation>
    </message>
    <message>
        <source>%1 × %2 px · %3</source>
        <translation>%1 × %2 px · %3</translation>
    </message>
    <message>
        <source>Waiting for review</source>
        <translation>En espera de revisión</translation>
    </message>
    <message>
        <source>Approved by %1, %2</source>
        <translation>Aprobada por %1, %2</translation>
    </message>
    <message>
        <source>Flagged by %1</source>
        <translation>Marcada por %1</translation>
    </message>
    <message>
        <source>Flagged by %1: %2</source>
        <translation>Marcada por %1: %2</translation>
    </message>
    <message>
        <source>Other photos of this job could not be loaded</source>
        <translation>No se pudieron cargar las otras fotos de este trabajo</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>No other photos of this job</source>
        <translation>No hay otras fotos de este trabajo</translation>
    </message>
    <message>
        <source>Other photos of this job (%1)</source>
        <translation>Otras fotos de este trabajo (%1)</translation>
    </message>
    <message>
        <source>The photos could not be loaded</source>
        <translation>No se pudieron cargar las fotos</translation>
    </message>
    <message>
        <source>Loading photos…</source>
        <translation>Cargando fotos…</translation>
    </message>
    <message>
        <source>Nothing waiting for review</source>
        <translation>Nada en espera de revisión</translation>
    </message>
    <message>
        <source>New photos appear here as soon as pros and dispatchers add them. Flagged and approved photos are under the tabs above.</source>
        <translation>Las fotos nuevas aparecen aquí en cuanto los técnicos y despachadores las agregan. Las fotos marcadas y aprobadas están en las pestañas de arriba.</translation>
    </message>
    <message>
        <source>No flagged photos</source>
        <translation>No hay fotos marcadas</translation>
    </message>
    <message>
        <source>Photos flagged with F are listed here with their notes.</source>
        <translation>Las fotos marcadas con F aparecen aquí con sus notas.</translation>
    </message>
    <message>
        <source>No approved photos yet</source>
        <translation>Todavía no hay fotos aprobadas</translation>
    </message>
    <message>
        <source>Photos approved with A are listed here.</source>
        <translation>Las fotos aprobadas con A aparecen aquí.</translation>
    </message>
    <message>
        <source>Enter flags · Esc cancels</source>
        <translation>Enter marca · Esc cancela</translation>
    </message>
    <message>
        <source>Say why first, then Enter</source>
        <translation>Primero indique el motivo y luego presione Enter</translation>
    </message>
    <message>
        <source>The photo left this list while you wrote the note: someone reviewed it meanwhile. Nothing was flagged.</source>
        <translation>La foto salió de esta lista mientras usted escribía la nota: alguien la revisó mientras tanto. No se marcó nada.</translation>
    </message>
    <message>
        <source>Saving “%1”…</source>
        <translation>Guardando “%1”…</translation>
    </message>
    <message>
        <source>Approved “%1”. Ctrl+Z undoes it.</source>
        <translation>Se aprobó “%1”. Ctrl+Z lo deshace.</translation>
    </message>
    <message>
        <source>Flagged “%1”. Ctrl+Z undoes it.</source>
        <translation>Se marcó “%1”. Ctrl+Z lo deshace.</translation>
    </message>
    <message>
        <source>The photo left this list meanwhile; nothing was decided.</source>
        <translation>La foto salió de esta lista mientras tanto; no se decidió nada.</translation>
    </message>
    <message>
        <source>approve the photo</source>
        <translation>aprobar la foto</translation>
    </message>
    <message>
        <source>flag the photo</source>
        <translation>marcar la foto</translation>
    </message>
    <message>
        <source>“%1” was reviewed and put back to waiting by %2 meanwhile; it is in the list again.</source>
        <translation>Mientras tanto, %2 revisó “%1” y la volvió a poner en espera; está otra vez en la lista.</translation>
    </message>
    <message>
        <source>Already reviewed by %1 (%2)</source>
        <translation>Ya la revisó %1 (%2)</translation>
    </message>
    <message>
        <source>Undone before it was sent.</source>
        <translation>Se deshizo antes de enviarse.</translation>
    </message>
    <message>
        <source>Nothing to undo.</source>
        <translation>No hay nada que deshacer.</translation>
    </message>
    <message>
        <source>Undoing…</source>
        <translation>Deshaciendo…</translation>
    </message>
    <message>
        <source>Not undone. %1</source>
        <translation>No se deshizo. %1</translation>
    </message>
    <message>
        <source>undo the decision</source>
        <translation>deshacer la decisión</translation>
    </message>
    <message>
        <source>Still saving the last decision on “%1”…</source>
        <translation>Todavía se está guardando la última decisión sobre “%1”…</translation>
    </message>
    <message>
        <source>Undone: “%1” is %2 again.</source>
        <translation>Deshecho: “%1” vuelve a estar %2.</translation>
    </message>
    <message>
        <source>Photo review (%1)</source>
        <translation>Revisión de fotos (%1)</translation>
    </message>
    <message>
        <source>Photo review</source>
        <translation>Revisión de fotos</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::PhotoStrip</name>
    <message>
        <source>Photos</source>
        <translation>Fotos</translation>
    </message>
    <message>
        <source>Show all photos</source>
        <translation>Ver todas las fotos</translation>
    </message>
    <message>
        <source>All photos of this job in a larger window</source>
        <translation>Todas las fotos de este trabajo en una ventana más grande</translation>
    </message>
    <message>
        <source>Photos of this job</source>
        <translation>Fotos de este trabajo</translation>
    </message>
    <message>
        <source>&amp;Browse all…</source>
        <translation>E&amp;xaminar todas…</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::PhotoUploadModel</name>
    <message>
        <source>Checking…</source>
        <translation>Verificando…</translation>
    </message>
    <message>
        <source>Waiting to send…</source>
        <translation>Esperando para enviar…</translation>
    </message>
    <message>
        <source>Sending… %1 of %2</source>
        <translation>Enviando… %1 de %2</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::PhotoUploadPanel</name>
    <message>
        <source>Adding photos</source>
        <translation>Agregar fotos</translation>
    </message>
    <message>
        <source>Add photos…</source>
        <translation>Agregar fotos…</translation>
    </message>
    <message>
        <source>Add photos</source>
        <translation>Agregar fotos</translation>
    </message>
    <message>
        <source>Clear finished</source>
        <translation>Quitar terminadas</translation>
    </message>
    <message>
        <source>Clear finished uploads</source>
        <translation>Quitar las subidas terminadas</translation>
    </message>
    <message>
        <source>Sign in to add photos.</source>
        <translation>Inicie sesión para agregar fotos.</translation>
    </message>
    <message>
        <source>Choose JPEG, PNG or WebP images of up to 10 MB; a job holds up to 12 photos.</source>
        <translation>Elija imágenes JPEG, PNG o WebP de hasta 10 MB; un trabajo admite hasta 12 fotos.</translation>
    </message>
    <message>
        <source>or drop image files on this job</source>
        <translation>o suelte archivos de imagen sobre este trabajo</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.webp)</source>
        <translation>Imágenes (*.jpg *.jpeg *.png *.webp)</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::PhotoUploadRow</name>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Reintentar</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Descartar</translation>
    </message>
    <message>
        <source>Adding %1</source>
        <translation>Agregando %1</translation>
    </message>
    <message>
        <source>Progress of %1</source>
        <translation>Progreso de %1</translation>
    </message>
    <message>
        <source>Cancel adding %1</source>
        <translation>Cancelar el envío de %1</translation>
    </message>
    <message>
        <source>Retry adding %1</source>
        <translation>Reintentar el envío de %1</translation>
    </message>
    <message>
        <source>Dismiss %1</source>
        <translation>Descartar %1</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::PhotoUploader</name>
    <message>
        <source>Sign in to add photos.</source>
        <translation>Inicie sesión para agregar fotos.</translation>
    </message>
    <message>
        <source>Cancelled; it was not added.</source>
        <translation>Cancelada; no se agregó.</translation>
    </message>
    <message>
        <source>Added: the server had it before the cancel reached it.</source>
        <translation>Agregada: el servidor ya la tenía cuando llegó la cancelación.</translation>
    </message>
    <message>
        <source>Already attached as %1.</source>
        <translation>Ya está adjunta como %1.</translation>
    </message>
    <message>
        <source>Added.</source>
        <translation>Agregada.</translation>
    </message>
    <message>
        <source>%1 could not be read: %2.</source>
        <translation>No se pudo leer %1: %2.</translation>
    </message>
    <message>
        <source>Cancelled; nothing was sent.</source>
        <translation>Cancelada; no se envió nada.</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::ProConsole</name>
    <message>
        <source>New offer, #%1 for you: %2 (score %3)</source>
        <translation>Oferta nueva, n.º %1 para usted: %2 (puntaje %3)</translation>
    </message>
    <message>
        <source>(untitled job)</source>
        <translation>(trabajo sin título)</translation>
    </message>
    <message>
        <source>Dispatch Console</source>
        <translation>Dispatch Console</translation>
    </message>
    <message>
        <source>New offer</source>
        <translation>Oferta nueva</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::ProQueueDialog</name>
    <message>
        <source>Offers as a pro sees them</source>
        <translation>Ofertas como las ve un técnico</translation>
    </message>
    <message>
        <source>Pro whose offers to show</source>
        <translation>Técnico cuyas ofertas mostrar</translation>
    </message>
    <message>
        <source>%1 (no home set)</source>
        <translation>%1 (sin casa registrada)</translation>
    </message>
    <message>
        <source>&amp;Pro:</source>
        <translation>&amp;Técnico:</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::ReviewPage</name>
    <message>
        <source>Review and publish</source>
        <translation>Revisar y publicar</translation>
    </message>
    <message>
        <source>Publish makes the job and puts it on the board, open for pros. Go Back to change anything.</source>
        <translation>Publicar crea el trabajo y lo pone en el tablero, abierto para los técnicos. Vuelva Atrás para cambiar cualquier cosa.</translation>
    </message>
    <message>
        <source>The new job</source>
        <translation>El trabajo nuevo</translation>
    </message>
    <message>
        <source>%1, %2 (%3)</source>
        <translation>%1, %2 (%3)</translation>
    </message>
    <message>
        <source>A job needs these before it can be published: %1. Go Back to fill them in.</source>
        <translation>Un trabajo necesita estos datos antes de publicarse: %1. Vuelva Atrás para completarlos.</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::ReviewPreview</name>
    <message>
        <source>Photo preview</source>
        <translation>Vista previa de la foto</translation>
    </message>
    <message>
        <source>%1, %2 × %3 pixels</source>
        <translation>%1, %2 × %3 píxeles</translation>
    </message>
    <message>
        <source>Loading photo…</source>
        <translation>Cargando foto…</translation>
    </message>
    <message>
        <source>The photo could not be shown: %1</source>
        <translation>No se pudo mostrar la foto: %1</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::ReviewQueueModel</name>
    <message>
        <source>%1, photo of “%2”</source>
        <translation>%1, foto de “%2”</translation>
    </message>
    <message>
        <source>Flagged: %1</source>
        <translation>Marcada: %1</translation>
    </message>
    <message>
        <source>load the photos to review</source>
        <translation>cargar las fotos por revisar</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::SaveIndicator</name>
    <message>
        <source>Draft status</source>
        <translation>Estado del borrador</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Guardado</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Guardando…</translation>
    </message>
    <message>
        <source>Not saved — retrying</source>
        <translation>Sin guardar — reintentando</translation>
    </message>
    <message>
        <source>Not saved — choose which values to keep</source>
        <translation>Sin guardar — elija qué valores conservar</translation>
    </message>
    <message>
        <source>Not saved: %1 needs a valid value</source>
        <translation>Sin guardar: %1 necesita un valor válido</translation>
    </message>
    <message>
        <source>Not saved: %1 was refused</source>
        <translation>Sin guardar: se rechazó %1</translation>
    </message>
    <message>
        <source>Not saved: %1 (change it again to save your value)</source>
        <translation>Sin guardar: %1 (vuelva a cambiarlo para guardar su valor)</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Sin guardar: %1</translation>
    </message>
    <message>
        <source>save the draft</source>
        <translation>guardar el borrador</translation>
    </message>
    <message>
        <source>Not saved yet</source>
        <translation>Todavía sin guardar</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::ScheduleControls</name>
    <message>
        <source>Date</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <source>Customer&apos;s time zone</source>
        <translation>Zona horaria del cliente</translation>
    </message>
    <message>
        <source>Pick a time zone</source>
        <translation>Elija una zona horaria</translation>
    </message>
    <message>
        <source>Time window</source>
        <translation>Franja horaria</translation>
    </message>
    <message>
        <source>Pick the customer&apos;s time zone first: the address does not say which it is.</source>
        <translation>Elija primero la zona horaria del cliente: la dirección no indica cuál es.</translation>
    </message>
    <message>
        <source>“%1” is not a time zone the console knows. Pick one from the list.</source>
        <translation>“%1” no es una zona horaria que la consola conozca. Elija una de la lista.</translation>
    </message>
    <message>
        <source>Type the customer&apos;s window first, for example 09:00-12:00.</source>
        <translation>Escriba primero la franja del cliente, por ejemplo 09:00-12:00.</translation>
    </message>
    <message>
        <source>The window “%1” is not a time range: write it like 09:00-12:00, the start before the end.</source>
        <translation>La franja “%1” no es un rango horario: escríbala así: 09:00-12:00, con el inicio antes del final.</translation>
    </message>
    <message>
        <source>Pick a date for the job.</source>
        <translation>Elija una fecha para el trabajo.</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Atajos de teclado</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Teclas</translation>
    </message>
    <message>
        <source>What they do</source>
        <translation>Qué hacen</translation>
    </message>
    <message>
        <source>%1 menu</source>
        <translation>Menú %1</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::TrayView</name>
    <message>
        <source>Unassigned jobs</source>
        <translation>Trabajos sin asignar</translation>
    </message>
    <message>
        <source>Drag a job onto a pro&apos;s row at a time to assign and schedule it, or press Enter to choose a pro and a time; a block dragged back here is unassigned</source>
        <translation>Arrastre un trabajo a la fila de un técnico, a una hora, para asignarlo y programarlo, o pulse Intro para elegir técnico y hora; un bloque arrastrado de vuelta aquí queda sin asignar</translation>
    </message>
    <message>
        <source>Drop here to put the job back in the tray</source>
        <translation>Suelte aquí para devolver el trabajo a la bandeja</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::UnassignedJobsProxy</name>
    <message>
        <source> · due %1</source>
        <translation> · previsto %1</translation>
    </message>
    <message>
        <source>Saving… %1</source>
        <translation>Guardando… %1</translation>
    </message>
    <message>
        <source> · %1</source>
        <translation> · %1</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::UploadCheck</name>
    <message>
        <source>This job already has %1 photos, the most a job can hold.</source>
        <translation>Este trabajo ya tiene %1 fotos, el máximo que admite un trabajo.</translation>
    </message>
    <message>
        <source>Only 1 more photo fits on this job, and it is already being added.</source>
        <translation>Solo cabe 1 foto más en este trabajo, y ya se está agregando.</translation>
    </message>
    <message numerus="yes">
        <source>Only %n more photos fit on this job, and they are already being added.</source>
        <translation>
            <numerusform>Solo cabe %n foto más en este trabajo, y ya se está agregando.</numerusform>
            <numerusform>Solo caben %n fotos más en este trabajo, y ya se están agregando.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 MB</source>
        <translation>%1 MB</translation>
    </message>
    <message>
        <source>%1 could not be read: %2.</source>
        <translation>No se pudo leer %1: %2.</translation>
    </message>
    <message>
        <source>%1 is not a JPEG, PNG or WebP image.</source>
        <translation>%1 no es una imagen JPEG, PNG o WebP.</translation>
    </message>
    <message>
        <source>%1 is %2; photos can be at most %3 MB.</source>
        <translation>%1 ocupa %2; las fotos pueden ocupar como máximo %3 MB.</translation>
    </message>
    <message>
        <source>%1 could not be read to the end.</source>
        <translation>No se pudo leer %1 hasta el final.</translation>
    </message>
    <message>
        <source>Already attached as %1.</source>
        <translation>Ya está adjunta como %1.</translation>
    </message>
    <message>
        <source>The same picture as %1, which is already being added.</source>
        <translation>Es la misma imagen que %1, que ya se está agregando.</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::UserDialog</name>
    <message>
        <source>New user</source>
        <translation>Nuevo usuario</translation>
    </message>
    <message>
        <source>Change %1</source>
        <translation>Cambiar %1</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <source>&amp;Username:</source>
        <translation>&amp;Usuario:</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nombre:</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rol</translation>
    </message>
    <message>
        <source>&amp;Role:</source>
        <translation>&amp;Rol:</translation>
    </message>
    <message>
        <source>First password</source>
        <translation>Contraseña inicial</translation>
    </message>
    <message>
        <source>Give this to the user; they can change it after signing in.</source>
        <translation>Entréguesela al usuario; podrá cambiarla después de iniciar sesión.</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>&amp;Generar</translation>
    </message>
    <message>
        <source>Generate a password</source>
        <translation>Generar una contraseña</translation>
    </message>
    <message>
        <source>First &amp;password:</source>
        <translation>Contraseña &amp;inicial:</translation>
    </message>
    <message>
        <source>&amp;Home location (where a pro&apos;s distances start)</source>
        <translation>Ubicación de &amp;casa (donde empiezan las distancias de un técnico)</translation>
    </message>
    <message>
        <source>Has a home location</source>
        <translation>Tiene ubicación de casa</translation>
    </message>
    <message>
        <source>Home latitude</source>
        <translation>Latitud de casa</translation>
    </message>
    <message>
        <source>Home longitude</source>
        <translation>Longitud de casa</translation>
    </message>
    <message>
        <source>Latitude</source>
        <translation>Latitud</translation>
    </message>
    <message>
        <source>Longitude</source>
        <translation>Longitud</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mensaje</translation>
    </message>
    <message>
        <source>Save the user</source>
        <translation>Guardar el usuario</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Enter the user&apos;s name.</source>
        <translation>Ingrese el nombre del usuario.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Guardando…</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Guardar</translation>
    </message>
    <message>
        <source>The username needs at least 2 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;.</source>
        <translation>El usuario necesita al menos 2 letras, dígitos, &apos;.&apos;, &apos;_&apos; o &apos;-&apos;.</translation>
    </message>
    <message>
        <source>The first password needs at least 8 characters.</source>
        <translation>La contraseña inicial necesita al menos 8 caracteres.</translation>
    </message>
    <message>
        <source>Another admin changed %1 meanwhile: now %2, %3, home %4. Your changes are still here; Save again to put them on top of theirs.</source>
        <translation>Otro administrador cambió %1 mientras tanto: ahora %2, %3, casa %4. Sus cambios siguen aquí; vuelva a presionar Guardar para aplicarlos encima de los suyos.</translation>
    </message>
    <message>
        <source>active</source>
        <translation>activo</translation>
    </message>
    <message>
        <source>deactivated</source>
        <translation>desactivado</translation>
    </message>
    <message>
        <source>set</source>
        <translation>registrada</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>sin registrar</translation>
    </message>
    <message>
        <source>The username %1 is taken; choose another.</source>
        <translation>El usuario %1 ya existe; elija otro.</translation>
    </message>
    <message>
        <source>%1 is the last active admin. Make another user an admin first.</source>
        <translation>%1 es el último administrador activo. Primero haga administrador a otro usuario.</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::UsersModel</name>
    <message>
        <source>Active</source>
        <translation>Activo</translation>
    </message>
    <message>
        <source>Deactivated</source>
        <translation>Desactivado</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rol</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Home (lat, lng)</source>
        <translation>Casa (lat., lng.)</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::UsersPage</name>
    <message>
        <source>&amp;New user…</source>
        <translation>&amp;Nuevo usuario…</translation>
    </message>
    <message>
        <source>Reset &amp;password…</source>
        <translation>Restablecer c&amp;ontraseña…</translation>
    </message>
    <message>
        <source>&amp;Deactivate…</source>
        <translation>&amp;Desactivar…</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Usuarios</translation>
    </message>
    <message>
        <source>New user</source>
        <translation>Nuevo usuario</translation>
    </message>
    <message>
        <source>Change the selected user</source>
        <translation>Cambiar el usuario seleccionado</translation>
    </message>
    <message>
        <source>Reset the selected user&apos;s password</source>
        <translation>Restablecer la contraseña del usuario seleccionado</translation>
    </message>
    <message>
        <source>Deactivate or reactivate the selected user</source>
        <translation>Desactivar o reactivar el usuario seleccionado</translation>
    </message>
    <message>
        <source>The users could not be loaded: %1</source>
        <translation>No se pudieron cargar los usuarios: %1</translation>
    </message>
    <message>
        <source>Re&amp;activate</source>
        <translation>Re&amp;activar</translation>
    </message>
    <message>
        <source>%1 was added.</source>
        <translation>Se agregó a %1.</translation>
    </message>
    <message>
        <source>%1 was saved.</source>
        <translation>Se guardó a %1.</translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation>Restablecer contraseña</translation>
    </message>
    <message>
        <source>Give %1 a new password? Their old one and every session they have stop working at once.</source>
        <translation>¿Dar una nueva contraseña a %1? Su contraseña anterior y todas sus sesiones dejarán de funcionar de inmediato.</translation>
    </message>
    <message>
        <source>&amp;Reset password</source>
        <translation>&amp;Restablecer contraseña</translation>
    </message>
    <message>
        <source>%1&apos;s password was not reset: %2</source>
        <translation>No se restableció la contraseña de %1: %2</translation>
    </message>
    <message>
        <source>Deactivate user</source>
        <translation>Desactivar usuario</translation>
    </message>
    <message>
        <source>Deactivate %1? They are signed out everywhere at once and cannot sign in until reactivated. Their name stays in every job&apos;s history.</source>
        <translation>¿Desactivar a %1? Su sesión se cerrará de inmediato en todos lados y no podrá iniciar sesión hasta que se reactive. Su nombre se conserva en el historial de cada trabajo.</translation>
    </message>
    <message>
        <source>&amp;Deactivate</source>
        <translation>&amp;Desactivar</translation>
    </message>
    <message>
        <source>%1 can sign in again.</source>
        <translation>%1 puede volver a iniciar sesión.</translation>
    </message>
    <message>
        <source>%1 is deactivated and signed out everywhere.</source>
        <translation>%1 está desactivado y su sesión se cerró en todos lados.</translation>
    </message>
    <message>
        <source>%1 is the last active admin. Make another user an admin first.</source>
        <translation>%1 es el último administrador activo. Primero haga administrador a otro usuario.</translation>
    </message>
    <message>
        <source>Another admin changed %1 just now; nothing was changed. Look again and retry.</source>
        <translation>Otro administrador acaba de cambiar a %1; no se cambió nada. Revise de nuevo y vuelva a intentarlo.</translation>
    </message>
    <message>
        <source>&amp;Change…</source>
        <translation>&amp;Cambiar…</translation>
    </message>
</context>
<context>
    <name>dispatch::ui::WhenPage</name>
    <message>
        <source>When (optional)</source>
        <translation>Cuándo (opcional)</translation>
    </message>
    <message>
        <source>The day and time window the customer asked for. Leave both empty when the office will schedule it later.</source>
        <translation>El día y la franja horaria que pidió el cliente. Deje ambos vacíos si la oficina lo programará más tarde.</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <source>YYYY-MM-DD, e.g. %1</source>
        <translation>AAAA-MM-DD, p. ej., %1</translation>
    </message>
    <message>
        <source>Time window</source>
        <translation>Franja horaria</translation>
    </message>
    <message>
        <source>HH:MM-HH:MM, e.g. 12:00-15:00</source>
        <translation>HH:MM-HH:MM, p. ej., 12:00-15:00</translation>
    </message>
    <message>
        <source>&amp;Date:</source>
        <translation>&amp;Fecha:</translation>
    </message>
    <message>
        <source>Time &amp;window:</source>
        <translation>Franja &amp;horaria:</translation>
    </message>
    <message>
        <source>Time zone:</source>
        <translation>Zona horaria:</translation>
    </message>
    <message>
        <source>Give the date too, or clear the time window.</source>
        <translation>Indique también la fecha o borre la franja horaria.</translation>
    </message>
    <message>
        <source>Give the time window too, or clear the date.</source>
        <translation>Indique también la franja horaria o borre la fecha.</translation>
    </message>
    <message>
        <source>The date is not a day in the form YYYY-MM-DD (%1).</source>
        <translation>La fecha no es un día con el formato AAAA-MM-DD (%1).</translation>
    </message>
    <message>
        <source>The time window is not two times HH:MM-HH:MM, the first before the second (%1).</source>
        <translation>La franja horaria no son dos horas HH:MM-HH:MM, la primera antes de la segunda (%1).</translation>
    </message>
    <message>
        <source>The time zone is not known here (%1).</source>
        <translation>Aquí no se conoce la zona horaria (%1).</translation>
    </message>
</context>
</TS>
