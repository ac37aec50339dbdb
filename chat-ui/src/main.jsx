import { render } from 'preact';
import { Root } from './components/Root.jsx';
import './styles.css';

render(<Root />, document.getElementById('app'));
