import { render } from 'preact';
import { App } from './components/App.jsx';
import './styles.css';
import { applyDocumentLanguage } from './i18n.js';

applyDocumentLanguage();

render(<App />, document.getElementById('app'));
