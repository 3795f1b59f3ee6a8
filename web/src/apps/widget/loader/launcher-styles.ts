/**
 * The launcher's CSS, adopted into its shadow root. `all: initial` on the host keeps inherited
 * page styles (fonts, line heights, transforms on body) from leaking in.
 */
export const launcherStyles = `
:host{all:initial}
.launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;width:56px;height:56px;border:0;border-radius:50%;
background:#1f4fd1;color:#fff;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25);display:grid;place-items:center;padding:0}
.launcher:hover{background:#173ea6}
.launcher:focus-visible{outline:3px solid #ffbf47;outline-offset:3px}
.launcher svg{width:26px;height:26px;fill:currentColor}
.badge{position:absolute;top:-2px;right:-2px;min-width:20px;height:20px;border-radius:10px;background:#c8102e;color:#fff;
font:700 12px/20px system-ui,sans-serif;text-align:center;padding:0 5px;box-sizing:border-box}
.badge[hidden]{display:none}
.panel{position:fixed;right:20px;bottom:88px;z-index:2147483000;width:380px;height:min(640px,calc(100vh - 112px));
border-radius:14px;overflow:hidden;box-shadow:0 8px 30px rgba(0,0,0,.28);background:#fff}
.panel[hidden]{display:none}
iframe{border:0;width:100%;height:100%;display:block}
@media (max-width:480px){
.panel{inset:0;width:100%;height:100%;border-radius:0}
:host([data-open]) .launcher{display:none}
}
@media (prefers-reduced-motion:no-preference){.launcher{transition:background .15s}}
`;
