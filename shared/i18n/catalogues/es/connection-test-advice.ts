import type { Translation } from '../../translate.js';
import type { connectionTestAdviceMessages } from '../connection-test-advice.js';

// The messages of ../connection-test-advice.ts in Spanish.
export const connectionTestAdviceSpanish: Translation<typeof connectionTestAdviceMessages> = {
  browserOther: 'su navegador',
  appGeneric: 'la aplicación',
  'recommended.macos': 'Chrome, Safari o Firefox',
  'recommended.windows': 'Chrome, Microsoft Edge o Firefox',
  'recommended.other': 'Chrome o Firefox',
  runAgain: 'Repita la prueba.',
  reloadRunAgain: 'Vuelva a cargar esta página y repita la prueba.',

  'openInstead.title': 'Abra esta página en {target}',
  'inApp.intro': 'Está en el navegador integrado de {app}, que no siempre puede usar la cámara.',
  'inApp.ios.menu':
    'Toque el botón ••• o el de compartir (suele estar arriba o abajo a la derecha) y elija «Abrir en Safari» o «Abrir en el navegador».',
  'inApp.ios.copy':
    'Si no aparece esa opción, toque «Copiar el enlace» aquí abajo, abra Safari, mantenga el dedo sobre la barra de direcciones y elija «Pegar e ir».',
  'inApp.android.menu': 'Toque el menú ⋮ (suele estar arriba a la derecha) y elija «Abrir en Chrome» o «Abrir en el navegador».',
  'inApp.android.copy':
    'Si no aparece esa opción, toque «Copiar el enlace» aquí abajo, abra Chrome y pegue el enlace en la barra de direcciones.',
  'openInstead.install': 'Instale o abra {target}.',
  'openInstead.installCurrent': 'Instale o abra {target} (una versión actual).',
  'openInstead.installOneOf': 'Instale o abra uno de estos: {target} (una versión actual).',
  'openInstead.paste': 'Use «Copiar el enlace» aquí abajo y pegue el enlace en la barra de direcciones del otro navegador.',

  'update.title': 'Actualice {browser}',
  'update.ios.title': 'Actualice su iPhone o iPad',
  'update.ios.settings': 'Abra Ajustes › General › Actualización de software e instale la actualización.',
  'update.ios.safari': 'Safari se actualiza junto con el sistema.',
  'update.safari.title': 'Actualice Safari',
  'update.safari.settings':
    'Abra el menú Apple › Ajustes del Sistema › General › Actualización de software (en los Mac más antiguos: Preferencias del Sistema › Actualización de software).',
  'update.safari.install': 'Instale la actualización y vuelva a abrir esta página.',
  'update.android.store': 'Abra Play Store, busque el navegador y toque Actualizar.',
  'update.other.menu': 'Abra el menú de {browser} y busque Ayuda › Acerca de: desde ahí se buscan e instalan las actualizaciones.',
  'update.other.restart': 'Reinicie el navegador y vuelva a abrir esta página.',

  'perm.title': 'Permita la cámara y el micrófono en {browser}',
  'perm.iosApp.settings': 'Abra la aplicación Ajustes de su iPhone o iPad.',
  'perm.iosApp.find': 'Baje y toque {browser} (en iOS 18 y posteriores: Ajustes › Apps › {browser}).',
  'perm.iosApp.turnOn': 'Active Cámara y Micrófono.',
  'perm.iosApp.back': 'Vuelva a {browser} y recargue esta página.',
  'perm.iosSafari.camera':
    'Vaya a Ajustes › Safari › Cámara y elija «Permitir» (en iOS 18 y posteriores: Ajustes › Apps › Safari › Cámara).',
  'perm.iosSafari.microphone': 'Vuelva un paso atrás, entre en Ajustes › Safari › Micrófono y elija «Permitir».',
  'perm.iosSafari.back': 'Vuelva a Safari, recargue esta página y toque «Permitir» cuando Safari se lo pregunte.',
  'perm.iosSafari.alternative':
    'También puede tocar el botón «aA» de la barra de direcciones de Safari, elegir «Ajustes del sitio web» y poner Cámara y Micrófono en «Permitir».',
  'perm.android.icon':
    'Toque el icono del extremo izquierdo de la barra de direcciones (un candado o dos barras con reguladores) y después Permisos.',
  'perm.android.turnOn': 'Active Cámara y Micrófono, o toque «Restablecer permisos».',
  'perm.android.system':
    'Si {browser} no tiene permiso: abra los Ajustes del teléfono › Aplicaciones › {browser} › Permisos y permita Cámara y Micrófono.',
  'perm.android.back': 'Vuelva a esta página, recárguela y toque «Permitir» cuando se lo pida.',
  'perm.edge.padlock': 'Haga clic en el candado del extremo izquierdo de la barra de direcciones.',
  'perm.edge.permissions': 'Elija «Permisos para este sitio».',
  'perm.edge.allow': 'Ponga Cámara y Micrófono en «Permitir».',
  'perm.firefox.icon': 'Haga clic en el icono de cámara o de micrófono tachado, en el extremo izquierdo de la barra de direcciones.',
  'perm.firefox.clear':
    'Junto a Cámara y Micrófono, haga clic en la × que hay al lado de «Bloqueado temporalmente» o «Bloqueado» para quitarlo.',
  'perm.firefox.reload': 'Recargue esta página y elija «Permitir» cuando Firefox se lo pregunte.',
  'perm.firefox.settings':
    'Si Firefox no se lo pregunta nunca: abra Ajustes › Privacidad y seguridad, baje hasta Permisos, haga clic en «Configuración…» junto a Cámara (y junto a Micrófono) y quite este sitio o póngalo en «Permitir».',
  'perm.safari.menu': 'En la barra de menús, arriba en la pantalla, elija Safari › Ajustes (Preferencias en los Mac más antiguos).',
  'perm.safari.websites': 'Abra la pestaña «Sitios web» y elija Cámara en la lista de la izquierda.',
  'perm.safari.allow': 'Busque este sitio web a la derecha y póngalo en «Permitir». Después elija Micrófono y haga lo mismo.',
  'perm.safari.close': 'Cierre la ventana de ajustes y recargue esta página.',
  'perm.chrome.icon': 'Haga clic en el icono del extremo izquierdo de la barra de direcciones (dos barras con reguladores, o un candado).',
  'perm.chrome.turnOn': 'Active Cámara y Micrófono, o póngalos en «Permitir».',
  'perm.chrome.siteSettings': 'Si no aparecen ahí, elija «Configuración de sitios» y ponga Cámara y Micrófono en «Permitir».',
  'perm.other.icon': 'Busque un icono de cámara o un candado en la barra de direcciones y haga clic en él.',
  'perm.other.allow': 'Permita la cámara y el micrófono para este sitio.',

  'mac.title': 'Revise los ajustes de privacidad de su Mac',
  'mac.camera':
    'Abra el menú Apple › Ajustes del Sistema › Privacidad y seguridad › Cámara (en los Mac más antiguos: Preferencias del Sistema › Seguridad y privacidad › Privacidad › Cámara).',
  'mac.switch': 'Active el interruptor que hay junto a {browser}, si aparece.',
  'mac.microphone': 'Vuelva atrás y haga lo mismo en Privacidad y seguridad › Micrófono.',
  'mac.restart': 'Si macOS se lo pide, cierre el navegador del todo y vuelva a abrirlo.',
  'windows.title': 'Revise los ajustes de privacidad de Windows',
  'windows.camera': 'Abra Inicio › Configuración › Privacidad y seguridad › Cámara.',
  'windows.switches':
    'Active «Acceso a la cámara», «Permitir que las aplicaciones accedan a la cámara» y «Permitir que las aplicaciones de escritorio accedan a la cámara».',
  'windows.microphone': 'Vuelva atrás y haga lo mismo en Configuración › Privacidad y seguridad › Micrófono.',
  'windows.restart': 'Cierre el navegador del todo y vuelva a abrirlo.',

  'busy.title': 'Deje libre la cámara',
  'busy.closeApps':
    'Cierre otras aplicaciones que puedan usar la cámara: las de videollamadas (Zoom, Teams, FaceTime, Skype, WhatsApp), las de fotos y video, y otras pestañas del navegador con una llamada o esta misma página abierta.',
  'busy.windows':
    'En Windows la cámara solo la puede usar una aplicación a la vez: mire en la barra de tareas y junto al reloj si queda alguna abierta.',
  'busy.phone': 'En el teléfono, cierre deslizando hacia fuera las demás aplicaciones que puedan usar la cámara.',
  'busy.restart': 'Si sigue diciendo que la cámara está ocupada, reinicie el ordenador o el teléfono.',
  'missing.title': 'Conecte una cámara y un micrófono',
  'missing.phone': 'Reinicie el teléfono o la tableta y vuelva a abrir esta página.',
  'missing.plugged':
    'Si usa una cámara web o unos auriculares aparte, compruebe que estén enchufados y encendidos. Pruebe otro puerto USB, directamente en el ordenador y no a través de un adaptador.',
  'missing.builtIn':
    'Si su ordenador tiene la cámara integrada, compruebe que no esté apagada con una tecla ni tapada con una tapa deslizante.',
  'insecure.title': 'Abra la dirección segura',
  'insecure.https': 'Los navegadores solo permiten usar la cámara en páginas seguras, cuya dirección empieza por https://.',
  'insecure.ask': 'Revise la dirección o pida el enlace correcto a su terapeuta.',

  'cover.title': 'Destape la cámara',
  'cover.shutter': 'Mire si hay una tapa deslizante, una pegatina o una pestaña de privacidad sobre la lente, y retírela.',
  'cover.key':
    'Algunos portátiles tienen un interruptor o una tecla para la cámara (a menudo F8, F10 o una tecla con el dibujo de una cámara): púlsela.',
  'cover.light': 'Asegúrese de que haya algo de luz en la habitación y repita la prueba.',
  'frozen.title': 'Reinicie la cámara',
  'frozen.closeApps': 'Cierre otras aplicaciones que puedan usar la cámara.',
  'frozen.replug': 'Si usa una cámara externa, desenchúfela y vuelva a enchufarla.',
  'silence.title': 'Haga que se oiga su micrófono',
  'silence.mute': 'Mire si sus auriculares, el micrófono o el teclado tienen un botón o interruptor de silencio, y quite el silencio.',
  'silence.speak': 'Diga unas palabras en voz alta mientras se hace la prueba: la barra debería moverse.',
  'silence.choose': 'Si tiene varios micrófonos, elija el correcto en los ajustes de sonido del ordenador.',
  'muted.title': 'Quite el silencio del micrófono',
  'muted.device':
    'Su dispositivo indica que el micrófono está silenciado. Mire si hay un botón o una tecla de silencio en los auriculares, el micrófono o el teclado.',
  'muted.closeApps': 'Cierre otras aplicaciones que puedan haberse quedado con el micrófono (llamadas, grabadoras de voz).',
  'sound.title': 'Haga que se oiga el sonido',
  'sound.volume':
    'Suba el volumen y compruebe que el sonido no esté silenciado (una tecla con un altavoz en el teclado, o el icono del volumen en la pantalla).',
  'sound.headphones': 'Si usa auriculares, compruebe que estén enchufados o conectados, y póngaselos.',
  'sound.choose': 'Si su navegador lo permite, elija otro altavoz en la lista de arriba y vuelva a reproducir el sonido.',
  'sound.ios':
    'En un iPhone, quite el modo silencio con el interruptor de tono/silencio o el botón de acción del lateral. En modo silencio las páginas web no suenan.',
  'sound.android':
    'Pulse el botón de subir el volumen mientras suena: los teléfonos separan el volumen de videos y música del volumen del timbre.',
  'sound.macos': 'Vaya al menú Apple › Ajustes del Sistema › Sonido › Salida y elija el altavoz que quiera.',
  'sound.windows': 'Haga clic en el icono del altavoz de la barra de tareas y elija el altavoz o los auriculares que quiera.',

  'server.title': 'Conecte con el servicio de visitas',
  'server.otherSites': 'Compruebe que se abren otras páginas web.',
  'server.vpn': 'Si usa una VPN, desactívela y repita la prueba.',
  'server.otherNetwork':
    'Si está en la red de un trabajo o de un hospital, pruebe con otra, como los datos móviles de su teléfono o el wifi de su casa.',
  'relay.title': 'Si la visita no llega a conectarse',
  'relay.otherNetwork': 'Pruebe con otra red, como los datos móviles de su teléfono o el wifi de su casa.',
  'relay.vpn': 'Si usa una VPN, desactívela.',
  'speed.title': 'Mejore la velocidad de su conexión',
  'speed.closer': 'Acérquese al router wifi o conéctese con un cable de red.',
  'speed.pause':
    'Pare las descargas, las series y videos, las copias de seguridad y las videoconsolas en la misma red, y pida a los demás en casa que hagan lo mismo durante la visita.',
  'speed.otherNetwork': 'Pruebe con otra red, como los datos móviles de su teléfono (4G o 5G).',
  'audioOnly.title': 'O haga la visita solo con sonido',
  'audioOnly.tell':
    'Su conexión basta para el sonido sin video. Dígale a su terapeuta que prefiere una visita solo con sonido, o apague la cámara cuando empiece la visita.',
  'unstable.title': 'Estabilice su conexión',
  'unstable.pause': 'Pare las descargas y los videos en la misma red.',
  'unstable.vpn': 'Si usa una VPN, desactívela durante la visita.',
};
