// The console's shell: sign-in (the account's token), the navigation, and
// the page of the address's hash (#/fleet, #/host/<id>, #/query, #/rollout).
// A page is drawn whole when its data has come; `data-ready` on the main
// element says so (the end-to-end test waits for it).

import { accepted, token } from './api.js';
import { el } from './dom.js';
import { fleetPage } from './fleet-page.js';
import { hostPage } from './host-page.js';
import { queryPage } from './query-page.js';
import { rolloutPage } from './rollout-page.js';

const main = document.getElementById('main') as HTMLElement;
const nav = document.getElementById('nav') as HTMLElement;

function signIn(message?: string): HTMLElement {
  return el(
    'form',
    {
      id: 'sign-in',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        const t = String(new FormData(e.target as HTMLFormElement).get('token') ?? '').trim();
        if (t === '') return;
        if (!(await accepted(t))) return void draw('the server refused this token (expired, or not one of its accounts)');
        token.set(t);
        if (location.hash === '#/fleet') void draw();
        else location.hash = '#/fleet';
      },
    },
    el('h2', {}, 'Sign in'),
    el('p', {}, 'Paste a token of your account (a JWT the server’s auth.keys verify, as for the query API).'),
    el('textarea', { name: 'token', id: 'token', rows: 4, spellcheck: false, autocomplete: 'off' }),
    el('div', {}, el('button', { id: 'sign-in-button' }, 'Sign in')),
    message === undefined ? null : el('p', { class: 'error' }, message),
  );
}

let drawing = 0;

async function draw(message?: string): Promise<void> {
  const mine = ++drawing;
  main.removeAttribute('data-ready');
  const [path, query = ''] = location.hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query);
  const signedIn = token.get() !== null;
  nav.hidden = !signedIn;
  let page: HTMLElement;
  if (!signedIn || path === '/sign-in') page = signIn(message);
  else if (path.startsWith('/host/')) page = await hostPage(decodeURIComponent(path.slice('/host/'.length)), params);
  else if (path === '/query') page = await queryPage(params);
  else if (path === '/rollout') page = await rolloutPage(params);
  else page = await fleetPage(params);
  if (mine !== drawing) return;
  for (const a of nav.querySelectorAll('a')) a.classList.toggle('current', path.startsWith(a.getAttribute('href')!.slice(1)));
  main.replaceChildren(page);
  // The charts are drawn in a microtask after their boxes are placed.
  queueMicrotask(() => main.setAttribute('data-ready', path || '/fleet'));
}

document.getElementById('sign-out')?.addEventListener('click', () => {
  token.clear();
  location.hash = '#/sign-in';
});
window.addEventListener('hashchange', () => void draw());
void draw();
