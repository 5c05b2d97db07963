import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { parseBoardPackRoute } from '../shared/export/board-pack.ts';
import { App } from './App.tsx';
import { BoardPack } from './io/BoardPack.tsx';

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element.');
// `#/print/board-pack?…` is the PDF board pack's print view (opened by the shell, never by the user).
const boardPack = parseBoardPackRoute(window.location.hash);
createRoot(root).render(<StrictMode>{boardPack ? <BoardPack request={boardPack} /> : <App />}</StrictMode>);
