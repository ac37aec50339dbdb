import { render } from 'preact';
import { Root } from './components/Root.jsx';
import './styles.css';
import './rtl.css';
import './components/MiniPlayer.css';
import { applyDocumentLanguage } from './i18n.js';

applyDocumentLanguage();

render(<Root />, document.getElementById('app'));
