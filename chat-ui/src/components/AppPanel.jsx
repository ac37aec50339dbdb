import { useEffect, useMemo, useRef } from 'preact/hooks';
import { BridgeError, createBridge, frameUrl, launchObject, pageOrigin, pageUrlProblem, themeFrom } from '../bridge.js';
import { safeUrl } from '../cards.js';
import { AppIcon } from './AppIcon.jsx';
import { CloseIcon } from './Icons.jsx';
import { namespace as mediaNamespace } from '../i18n.js';
import mediaCatalogue from '../locales/media.js';

const tm = mediaNamespace('media', mediaCatalogue);
import { MiniPlayerBar, t } from './MiniPlayer.jsx';

const DARK = '(prefers-color-scheme: dark)';

function currentTheme() {
  const style = getComputedStyle(document.documentElement);
  return themeFrom((name) => style.getPropertyValue(name), window.matchMedia(DARK).matches ? 'dark' : 'light');
}

/**
 * An app's page beside the conversation, in a sandboxed iframe on the app's own origin, and
 * the messenger's side of the bridge (bridge.js) that answers it. The main button is drawn by
 * the messenger under the frame.
 */
export function AppPanel({ apps, panel, onOpenLink, clock, onReopen }) {
  const frameRef = useRef(null);
  const bridgeRef = useRef(null);
  const host = window.location.origin;
  const launch = panel.status === 'open' ? panel.launch : null;
  const appOrigin = launch ? pageOrigin(launch.pageUrl, host) : null;
  const src = useMemo(() => (appOrigin ? frameUrl(launch.pageUrl, launch, host) : null), [launch, appOrigin, host]);
  const onOpenLinkRef = useRef(onOpenLink);
  onOpenLinkRef.current = onOpenLink;

  useEffect(() => {
    if (!appOrigin) return undefined;
    const bridge = createBridge({
      window,
      frame: () => frameRef.current?.contentWindow ?? null,
      origin: appOrigin,
      handlers: {
        ready: () => ({ theme: currentTheme() }),
        getLaunchParams: () => launchObject(launch),
        call: (params) => apps.pageCall(params),
        clock: async (params) => {
          if (!clock) throw new BridgeError('unavailable', 'The messenger cannot tell the server time.');
          try {
            return await clock.answer(params);
          } catch {
            throw new BridgeError('unavailable', 'The server time could not be read; try again.');
          }
        },
        uploadMedia: (params) => apps.uploadMedia(params),
        setMainButton: (params) => {
          apps.setMainButton(params);
          return null;
        },
        openLink: async (params) => {
          const url =
            typeof params.url === 'string' && /^https:\/\//iu.test(params.url.trim())
              ? safeUrl(params.url, host)
              : null;
          if (!url) throw new BridgeError('invalid', 'openLink takes an https URL.');
          return { opened: await onOpenLinkRef.current(url) };
        },
        close: () => {
          // Answer first, then close (the frame goes away with the panel, mini-player included).
          setTimeout(() => apps.stopPanel(), 0);
          return null;
        },
        setMiniPlayer: (params) => apps.setMiniPlayer(params),
      },
    });
    bridgeRef.current = bridge;
    bridge.start();
    // Broadcasts of this app in this conversation (apps.onLiveEvent picks them) reach the page.
    const detach = apps.attachPage((event, data) => bridge.emit(event, data));
    const mq = window.matchMedia(DARK);
    const onScheme = () => bridge.emit('theme', currentTheme());
    mq.addEventListener('change', onScheme);
    return () => {
      mq.removeEventListener('change', onScheme);
      detach();
      bridge.stop();
      bridgeRef.current = null;
    };
  }, [apps, appOrigin, launch, host, clock]);

  // The page hears when it moves into the docked mini-player and back.
  const docked = !!panel.docked;
  const dockedBefore = useRef(docked);
  useEffect(() => {
    if (dockedBefore.current === docked) return;
    dockedBefore.current = docked;
    bridgeRef.current?.emit('miniPlayer', { docked });
  }, [docked]);

  const app = panel.app ?? { id: panel.appId, name: panel.appId };
  // Docked, the same frame stays mounted (only hidden) under the mini-player's bar, so the page
  // keeps running: the header is swapped, never the body.
  return (
    <aside
      class={docked ? 'app-panel app-panel-docked' : 'app-panel'}
      aria-label={docked ? t('label', { app: app.name }) : `${app.name}`}
      data-testid={docked ? 'mini-player' : 'app-panel'}
      data-app-id={panel.appId}
      data-status={panel.status}
    >
      {docked ? (
        <MiniPlayerBar app={app} title={panel.miniPlayer?.title ?? ''} apps={apps} onReopen={onReopen} />
      ) : (
        <header class="app-panel-header">
          <AppIcon app={app} size={24} />
          <h2 class="app-panel-title">{app.name}</h2>
          <button
            type="button"
            class="icon-button"
            aria-label={tm('closeApp', { app: app.name })}
            data-testid="app-panel-close"
            onClick={() => apps.closePanel()}
          >
            <CloseIcon />
          </button>
        </header>
      )}
      <div class="app-panel-body">
        {panel.status === 'loading' && (
          <p class="muted app-panel-note" role="status">
            <span class="spinner" aria-hidden="true" /> {tm('opening', { app: app.name })}
          </p>
        )}
        {panel.status === 'error' && (
          <div class="app-panel-note" role="alert" data-testid="app-panel-error">
            <p>{panel.error}</p>
            <button
              type="button"
              class="button"
              onClick={() => apps.openPanel(panel.conversationId, panel.appId, panel.startParam)}
            >
              {tm('tryAgain')}
            </button>
          </div>
        )}
        {panel.status === 'open' && !src && (
          <p class="app-panel-note" role="alert" data-testid="app-panel-error">
            {pageUrlProblem(launch?.pageUrl, host, app.name)}
          </p>
        )}
        {src && (
          <iframe
            key={src}
            ref={frameRef}
            class="app-frame"
            title={app.name}
            src={src}
            sandbox="allow-scripts allow-forms allow-same-origin"
            referrerpolicy="no-referrer"
            allow="autoplay"
            data-testid="app-frame"
          />
        )}
      </div>
      {panel.mainButton && !docked && (
        <div class="app-panel-footer">
          <button
            type="button"
            class="button primary main-button"
            data-testid="app-main-button"
            onClick={() => bridgeRef.current?.emit('mainButton')}
          >
            {panel.mainButton.text}
          </button>
        </div>
      )}
    </aside>
  );
}
