import { render } from 'preact';
import './styles.css';
import { connectBackend } from './data/connect.js';
import { App } from './app/app.js';

const root = document.getElementById('app') as HTMLElement;
connectBackend().then(
  (backend) => render(<App backend={backend} />, root),
  (e: unknown) => {
    root.innerHTML = '';
    const p = document.createElement('p');
    p.className = 'errors';
    p.setAttribute('role', 'alert');
    p.textContent = `The dashboard could not start: ${(e as Error).message}. Served from Firebase Hosting, /__/firebase/init.json gives the project; locally, npm start serves it.`;
    root.append(p);
  },
);
