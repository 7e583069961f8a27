<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR">
<context>
    <name>bcf::app::AboutDialog</name>
    <message>
        <source>About BotCriptoFy2</source>
        <translation>Sobre o BotCriptoFy2</translation>
    </message>
    <message>
        <source>Trading workstation</source>
        <translation>Estação de trading</translation>
    </message>
    <message>
        <source>&lt;table cellspacing=&apos;4&apos;&gt;&lt;tr&gt;&lt;td&gt;Version&lt;/td&gt;&lt;td&gt;&lt;b&gt;%1&lt;/b&gt;&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Build date&lt;/td&gt;&lt;td&gt;%2&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Qt&lt;/td&gt;&lt;td&gt;%3 (built with %4)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;gRPC&lt;/td&gt;&lt;td&gt;%5&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</source>
        <translation>&lt;table cellspacing=&apos;4&apos;&gt;&lt;tr&gt;&lt;td&gt;Versão&lt;/td&gt;&lt;td&gt;&lt;b&gt;%1&lt;/b&gt;&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Data da compilação&lt;/td&gt;&lt;td&gt;%2&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Qt&lt;/td&gt;&lt;td&gt;%3 (compilado com %4)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;gRPC&lt;/td&gt;&lt;td&gt;%5&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</translation>
    </message>
    <message>
        <source>Proprietary — BotCriptoFy2 team</source>
        <translation>Proprietário — equipe BotCriptoFy2</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fechar</translation>
    </message>
</context>
<context>
    <name>bcf::app::AccountSecurityDialog</name>
    <message>
        <source>Account security — %1</source>
        <translation>Segurança da conta — %1</translation>
    </message>
    <message>
        <source>Two-factor authentication is on</source>
        <translation>A autenticação em dois fatores está ativada</translation>
    </message>
    <message>
        <source>Two-factor authentication is off</source>
        <translation>A autenticação em dois fatores está desativada</translation>
    </message>
    <message>
        <source>Protect your account with a second step at login: a six-digit code from an authenticator app (Google Authenticator, Authy, 1Password, …). Confirm your password to start.</source>
        <translation>Proteja sua conta com uma segunda etapa no login: um código de seis dígitos de um aplicativo autenticador (Google Authenticator, Authy, 1Password, …). Confirme sua senha para começar.</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Senha</translation>
    </message>
    <message>
        <source>Set up two-factor…</source>
        <translation>Configurar dois fatores…</translation>
    </message>
    <message>
        <source>Add this account to your authenticator app: type the secret key, or copy the setup link into an app that accepts otpauth:// links. Then enter the code the app shows.</source>
        <translation>Adicione esta conta ao seu aplicativo autenticador: digite a chave secreta ou copie o link de configuração para um aplicativo que aceite links otpauth://. Depois, informe o código exibido pelo aplicativo.</translation>
    </message>
    <message>
        <source>Secret key</source>
        <translation>Chave secreta</translation>
    </message>
    <message>
        <source>Setup link</source>
        <translation>Link de configuração</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copiar</translation>
    </message>
    <message>
        <source>Code from the app</source>
        <translation>Código do aplicativo</translation>
    </message>
    <message>
        <source>Turn on two-factor</source>
        <translation>Ativar dois fatores</translation>
    </message>
    <message>
        <source>Two-factor authentication is on. These recovery codes let you log in if you lose your phone; each works once. Store them somewhere safe now: they will not be shown again.</source>
        <translation>A autenticação em dois fatores está ativada. Estes códigos de recuperação permitem entrar caso você perca o celular; cada um funciona uma única vez. Guarde-os agora em um lugar seguro: eles não serão exibidos novamente.</translation>
    </message>
    <message>
        <source>Copy codes</source>
        <translation>Copiar códigos</translation>
    </message>
    <message>
        <source>To turn two-factor authentication off, confirm your password and a current code from your authenticator app.</source>
        <translation>Para desativar a autenticação em dois fatores, confirme sua senha e um código atual do seu aplicativo autenticador.</translation>
    </message>
    <message>
        <source>Current code</source>
        <translation>Código atual</translation>
    </message>
    <message>
        <source>Turn off two-factor</source>
        <translation>Desativar dois fatores</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fechar</translation>
    </message>
</context>
<context>
    <name>bcf::app::AiLabPanel</name>
    <message>
        <source>Select a model to list its versions.</source>
        <translation>Selecione um modelo para listar as versões dele.</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Atualizar</translation>
    </message>
    <message>
        <source>All versions</source>
        <translation>Todas as versões</translation>
    </message>
    <message>
        <source>All versions of %1</source>
        <translation>Todas as versões de %1</translation>
    </message>
    <message>
        <source>Promote</source>
        <translation>Promover</translation>
    </message>
    <message>
        <source>Make the selected version the live one (the one predict() uses)</source>
        <translation>Torna a versão selecionada a versão ativa (a que o predict() usa)</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>Treinar</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Treinamento</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>No training submitted in this session.</source>
        <translation>Nenhum treinamento enviado nesta sessão.</translation>
    </message>
    <message>
        <source>Loading models…</source>
        <translation>Carregando modelos…</translation>
    </message>
    <message>
        <source>The models could not be loaded: %1</source>
        <translation>Não foi possível carregar os modelos: %1</translation>
    </message>
    <message>
        <source>No models yet: train one with the form on the right.</source>
        <translation>Nenhum modelo ainda: treine um com o formulário à direita.</translation>
    </message>
    <message>
        <source>The model could not be loaded: %1</source>
        <translation>Não foi possível carregar o modelo: %1</translation>
    </message>
    <message>
        <source>Select a version to see its metrics; select two to compare them side by side.</source>
        <translation>Selecione uma versão para ver as métricas dela; selecione duas para compará-las lado a lado.</translation>
    </message>
    <message>
        <source>Select one or two versions (%1 are selected).</source>
        <translation>Selecione uma ou duas versões (%1 estão selecionadas).</translation>
    </message>
    <message>
        <source>Loading the metrics…</source>
        <translation>Carregando as métricas…</translation>
    </message>
    <message>
        <source>%1 against %2</source>
        <translation>%1 contra %2</translation>
    </message>
    <message>
        <source>%1 — test range %2 to %3</source>
        <translation>%1 — período de teste de %2 a %3</translation>
    </message>
    <message>
        <source>%1 could not be promoted: %2</source>
        <translation>Não foi possível promover %1: %2</translation>
    </message>
    <message>
        <source>%1 is now live.</source>
        <translation>%1 agora é a versão ativa.</translation>
    </message>
    <message>
        <source>Job %1 · %2</source>
        <translation>Job %1 · %2</translation>
    </message>
    <message>
        <source>The job could not be read: %1</source>
        <translation>Não foi possível ler o job: %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Training finished: %1</source>
        <translation>Treinamento concluído: %1</translation>
    </message>
    <message>
        <source>The job could not be cancelled: %1</source>
        <translation>Não foi possível cancelar o job: %1</translation>
    </message>
    <message>
        <source>Cancel requested: the run stops after its current epoch.</source>
        <translation>Cancelamento solicitado: o treinamento para ao fim da época atual.</translation>
    </message>
    <message>
        <source>Cancel requested: the run stops after its current episode.</source>
        <translation>Cancelamento solicitado: o treinamento para ao fim do episódio atual.</translation>
    </message>
    <message>
        <source>Cancel requested: the run stops after its current generation.</source>
        <translation>Cancelamento solicitado: o treinamento para ao fim da geração atual.</translation>
    </message>
</context>
<context>
    <name>bcf::app::AiLabPredictionsOverlay</name>
    <message>
        <source>Predictions</source>
        <translation>Previsões</translation>
    </message>
    <message>
        <source>Show model predictions under the candles</source>
        <translation>Mostra as previsões de um modelo abaixo dos candles</translation>
    </message>
    <message>
        <source>Hide %1 predictions</source>
        <translation>Ocultar as previsões de %1</translation>
    </message>
    <message>
        <source>Show model predictions: %1 (%2, %3)</source>
        <translation>Mostrar previsões do modelo: %1 (%2, %3)</translation>
    </message>
    <message>
        <source>Loading models…</source>
        <translation>Carregando modelos…</translation>
    </message>
    <message>
        <source>No models in the registry</source>
        <translation>Nenhum modelo no registro</translation>
    </message>
    <message>
        <source>Not logged in</source>
        <translation>Sem sessão iniciada</translation>
    </message>
    <message>
        <source>The models could not be loaded: %1</source>
        <translation>Não foi possível carregar os modelos: %1</translation>
    </message>
    <message>
        <source>The predictions of %1 could not be loaded: %2</source>
        <translation>Não foi possível carregar as previsões de %1: %2</translation>
    </message>
    <message>
        <source>%1 prediction</source>
        <translation>previsão de %1</translation>
    </message>
    <message>
        <source> · probability of a rise</source>
        <translation> · probabilidade de alta</translation>
    </message>
    <message>
        <source> · log return, %</source>
        <translation> · retorno logarítmico, %</translation>
    </message>
    <message>
        <source>%1 has no stored predictions for %2 %3 in the loaded range (they exist only after its training range, on the market it was trained on).</source>
        <translation>%1 não tem previsões armazenadas para %2 %3 no período carregado (elas existem só depois do período de treino, no mercado em que foi treinado).</translation>
    </message>
    <message>
        <source>none in this range</source>
        <translation>nenhuma neste período</translation>
    </message>
    <message>
        <source>flat</source>
        <translation>zerado</translation>
    </message>
    <message>
        <source>long</source>
        <translation>comprado</translation>
    </message>
    <message>
        <source>%1 · long / flat</source>
        <translation>%1 · comprado / zerado</translation>
    </message>
</context>
<context>
    <name>bcf::app::AiLabRegistryModel</name>
    <message>
        <source>The live version: the one predict(&quot;%1&quot;) uses</source>
        <translation>A versão ativa: a que predict(&quot;%1&quot;) usa</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Versão</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Arquitetura</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Tarefa</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Ativa</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Dono</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Criado em</translation>
    </message>
    <message>
        <source>Test MSE</source>
        <translation>MSE de teste</translation>
    </message>
    <message>
        <source>Test direction</source>
        <translation>Direção no teste</translation>
    </message>
    <message>
        <source>Trading its signals over the test range: %1 (buy and hold %2)</source>
        <translation>Operando os seus sinais no período de teste: %1 (comprar e manter %2)</translation>
    </message>
    <message>
        <source>Test return</source>
        <translation>Retorno no teste</translation>
    </message>
</context>
<context>
    <name>bcf::app::AiLabText</name>
    <message>
        <source>Direction</source>
        <translation>Direção</translation>
    </message>
    <message>
        <source>Regression</source>
        <translation>Regressão</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Versão</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Arquitetura</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Tarefa</translation>
    </message>
    <message>
        <source>Market</source>
        <translation>Mercado</translation>
    </message>
    <message>
        <source>Features</source>
        <translation>Features</translation>
    </message>
    <message>
        <source>Window (bars)</source>
        <translation>Janela (barras)</translation>
    </message>
    <message>
        <source>Horizon (bars)</source>
        <translation>Horizonte (barras)</translation>
    </message>
    <message>
        <source>Hidden units</source>
        <translation>Unidades ocultas</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>Camadas</translation>
    </message>
    <message>
        <source>Epochs run</source>
        <translation>Épocas executadas</translation>
    </message>
    <message>
        <source>%1 (stopped early)</source>
        <translation>%1 (parada antecipada)</translation>
    </message>
    <message>
        <source>Best epoch</source>
        <translation>Melhor época</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parâmetros</translation>
    </message>
    <message>
        <source>Test range (against the naive baseline)</source>
        <translation>Período de teste (contra a referência ingênua)</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>Perda</translation>
    </message>
    <message>
        <source>MSE</source>
        <translation>MSE</translation>
    </message>
    <message>
        <source>%1 (baseline %2)</source>
        <translation>%1 (referência %2)</translation>
    </message>
    <message>
        <source>Direction accuracy</source>
        <translation>Acerto de direção</translation>
    </message>
    <message>
        <source>Signal backtest (against buy and hold)</source>
        <translation>Backtest do sinal (contra comprar e manter)</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>Retorno</translation>
    </message>
    <message>
        <source>%1 (buy and hold %2)</source>
        <translation>%1 (comprar e manter %2)</translation>
    </message>
    <message>
        <source>Sharpe</source>
        <translation>Sharpe</translation>
    </message>
    <message>
        <source>Max drawdown</source>
        <translation>Drawdown máximo</translation>
    </message>
    <message>
        <source>Trades</source>
        <translation>Operações</translation>
    </message>
    <message>
        <source>best epoch %1 of %2</source>
        <translation>melhor época %1 de %2</translation>
    </message>
    <message>
        <source>(stopped early)</source>
        <translation>(parada antecipada)</translation>
    </message>
    <message>
        <source>test MSE %1 (baseline %2)</source>
        <translation>MSE de teste %1 (referência %2)</translation>
    </message>
    <message>
        <source>test direction %1 (baseline %2)</source>
        <translation>direção no teste %1 (referência %2)</translation>
    </message>
    <message>
        <source>signal %1 against buy and hold %2</source>
        <translation>sinal %1 contra comprar e manter %2</translation>
    </message>
    <message>
        <source>DQN agent</source>
        <translation>Agente DQN</translation>
    </message>
    <message>
        <source>Neuro-evolution agent</source>
        <translation>Agente de neuroevolução</translation>
    </message>
    <message>
        <source>Episode</source>
        <translation>Episódio</translation>
    </message>
    <message>
        <source>Generation</source>
        <translation>Geração</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>Época</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>Política</translation>
    </message>
    <message>
        <source>%1 episodes</source>
        <translation>%1 episódios</translation>
    </message>
    <message>
        <source>%1 generations</source>
        <translation>%1 gerações</translation>
    </message>
    <message>
        <source>%1 epochs</source>
        <translation>%1 épocas</translation>
    </message>
    <message>
        <source>episode %1</source>
        <translation>episódio %1</translation>
    </message>
    <message>
        <source>generation %1</source>
        <translation>geração %1</translation>
    </message>
    <message>
        <source>epoch %1</source>
        <translation>época %1</translation>
    </message>
    <message>
        <source>Trained for</source>
        <translation>Treinado por</translation>
    </message>
    <message>
        <source>Episodes run</source>
        <translation>Episódios executados</translation>
    </message>
    <message>
        <source>Generations run</source>
        <translation>Gerações executadas</translation>
    </message>
    <message>
        <source>Best</source>
        <translation>Melhor</translation>
    </message>
    <message>
        <source>Best episode</source>
        <translation>Melhor episódio</translation>
    </message>
    <message>
        <source>Best generation</source>
        <translation>Melhor geração</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agente</translation>
    </message>
    <message>
        <source>Gamma</source>
        <translation>Gama</translation>
    </message>
    <message>
        <source>Population</source>
        <translation>População</translation>
    </message>
    <message>
        <source>Elite</source>
        <translation>Elite</translation>
    </message>
    <message>
        <source>Mutation</source>
        <translation>Mutação</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Dispositivo</translation>
    </message>
    <message>
        <source>best generation %1 of %2</source>
        <translation>melhor geração %1 de %2</translation>
    </message>
    <message>
        <source>best episode %1 of %2</source>
        <translation>melhor episódio %1 de %2</translation>
    </message>
    <message>
        <source>test return %1 against buy and hold %2</source>
        <translation>retorno no teste %1 contra comprar e manter %2</translation>
    </message>
    <message>
        <source>Sharpe %1</source>
        <translation>Sharpe %1</translation>
    </message>
    <message>
        <source>max drawdown %1</source>
        <translation>drawdown máximo %1</translation>
    </message>
    <message>
        <source>%1 trades</source>
        <translation>%1 operações</translation>
    </message>
    <message>
        <source>Neuro-evolution</source>
        <translation>Neuroevolução</translation>
    </message>
    <message>
        <source>PPO agent</source>
        <translation>Agente PPO</translation>
    </message>
</context>
<context>
    <name>bcf::app::AiLabTrainForm</name>
    <message>
        <source>Model name</source>
        <translation>Nome do modelo</translation>
    </message>
    <message>
        <source>Symbol</source>
        <translation>Símbolo</translation>
    </message>
    <message>
        <source>Timeframe</source>
        <translation>Timeframe</translation>
    </message>
    <message>
        <source>From</source>
        <translation>De</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Até</translation>
    </message>
    <message>
        <source>Window (bars)</source>
        <translation>Janela (barras)</translation>
    </message>
    <message>
        <source>Features</source>
        <translation>Features</translation>
    </message>
    <message>
        <source>Horizon (bars)</source>
        <translation>Horizonte (barras)</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Arquitetura</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Tarefa</translation>
    </message>
    <message>
        <source>Hidden</source>
        <translation>Ocultas</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>Camadas</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>Épocas</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>Taxa de aprendizado</translation>
    </message>
    <message>
        <source>Patience</source>
        <translation>Paciência</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Semente</translation>
    </message>
    <message>
        <source>Comma-separated: return(k), range, body, volume_ratio(n) or any indicator, e.g. ema(20)/close</source>
        <translation>Separadas por vírgula: return(k), range, body, volume_ratio(n) ou qualquer indicador, p. ex. ema(20)/close</translation>
    </message>
    <message>
        <source>Regression (log return)</source>
        <translation>Regressão (retorno logarítmico)</translation>
    </message>
    <message>
        <source>Direction (probability of a rise)</source>
        <translation>Direção (probabilidade de alta)</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>Treinar</translation>
    </message>
    <message>
        <source>Give the model a name (a-z, 0-9, &apos;-&apos;, &apos;_&apos;, &apos;.&apos;).</source>
        <translation>Dê um nome ao modelo (a-z, 0-9, &apos;-&apos;, &apos;_&apos;, &apos;.&apos;).</translation>
    </message>
    <message>
        <source>Pick a symbol.</source>
        <translation>Escolha um símbolo.</translation>
    </message>
    <message>
        <source>The range ends before it starts.</source>
        <translation>O período termina antes de começar.</translation>
    </message>
    <message>
        <source>Episodes</source>
        <translation>Episódios</translation>
    </message>
    <message>
        <source>Generations</source>
        <translation>Gerações</translation>
    </message>
    <message>
        <source>Gamma</source>
        <translation>Gama</translation>
    </message>
    <message>
        <source>Population</source>
        <translation>População</translation>
    </message>
    <message>
        <source>Elite</source>
        <translation>Elite</translation>
    </message>
    <message>
        <source>Mutation</source>
        <translation>Mutação</translation>
    </message>
    <message>
        <source>Passes of the agent over the training range</source>
        <translation>Passagens do agente pelo período de treino</translation>
    </message>
    <message>
        <source>Rounds of selection, crossover and mutation</source>
        <translation>Rodadas de seleção, cruzamento e mutação</translation>
    </message>
    <message>
        <source>How much the agent values later rewards (0: only the next bar)</source>
        <translation>Quanto o agente valoriza recompensas futuras (0: só a próxima barra)</translation>
    </message>
    <message>
        <source>Networks tried in each generation</source>
        <translation>Redes testadas em cada geração</translation>
    </message>
    <message>
        <source>The best networks of a generation, kept and bred; below the population</source>
        <translation>As melhores redes de uma geração, mantidas e cruzadas; menos que a população</translation>
    </message>
    <message>
        <source>Standard deviation of the noise added to each weight of a child</source>
        <translation>Desvio padrão do ruído somado a cada peso de um descendente</translation>
    </message>
    <message>
        <source>Policy (long / flat)</source>
        <translation>Política (comprado / zerado)</translation>
    </message>
    <message>
        <source>The elite (%1) must be below the population (%2).</source>
        <translation>A elite (%1) deve ser menor que a população (%2).</translation>
    </message>
</context>
<context>
    <name>bcf::app::AiLabTrainingChart</name>
    <message>
        <source>Training loss</source>
        <translation>Perda de treino</translation>
    </message>
    <message>
        <source>Validation loss</source>
        <translation>Perda de validação</translation>
    </message>
    <message>
        <source>Validation direction % (right)</source>
        <translation>Direção na validação % (à direita)</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>Perda</translation>
    </message>
    <message>
        <source>Direction %</source>
        <translation>Direção %</translation>
    </message>
    <message>
        <source>Training reward</source>
        <translation>Recompensa de treino</translation>
    </message>
    <message>
        <source>Validation return % (right)</source>
        <translation>Retorno na validação % (à direita)</translation>
    </message>
    <message>
        <source>Validation return %</source>
        <translation>Retorno na validação %</translation>
    </message>
</context>
<context>
    <name>bcf::app::BacktestCharts</name>
    <message>
        <source>Equity</source>
        <translation>Patrimônio</translation>
    </message>
    <message>
        <source>Equity (%1)</source>
        <translation>Patrimônio (%1)</translation>
    </message>
    <message>
        <source>Drawdown %</source>
        <translation>Drawdown %</translation>
    </message>
</context>
<context>
    <name>bcf::app::BacktestFormat</name>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 d %2 h</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>Net profit</source>
        <translation>Lucro líquido</translation>
    </message>
    <message>
        <source>Total return</source>
        <translation>Retorno total</translation>
    </message>
    <message>
        <source>CAGR</source>
        <translation>CAGR</translation>
    </message>
    <message>
        <source>Volatility (annual)</source>
        <translation>Volatilidade (anual)</translation>
    </message>
    <message>
        <source>Sharpe ratio</source>
        <translation>Índice de Sharpe</translation>
    </message>
    <message>
        <source>Sortino ratio</source>
        <translation>Índice de Sortino</translation>
    </message>
    <message>
        <source>Calmar ratio</source>
        <translation>Índice de Calmar</translation>
    </message>
    <message>
        <source>Max drawdown</source>
        <translation>Drawdown máximo</translation>
    </message>
    <message>
        <source>Max drawdown duration</source>
        <translation>Duração do drawdown máximo</translation>
    </message>
    <message>
        <source>Trades</source>
        <translation>Operações</translation>
    </message>
    <message>
        <source>Winning trades</source>
        <translation>Operações vencedoras</translation>
    </message>
    <message>
        <source>Losing trades</source>
        <translation>Operações perdedoras</translation>
    </message>
    <message>
        <source>Win rate</source>
        <translation>Taxa de acerto</translation>
    </message>
    <message>
        <source>Profit factor</source>
        <translation>Fator de lucro</translation>
    </message>
    <message>
        <source>Expectancy</source>
        <translation>Expectativa</translation>
    </message>
    <message>
        <source>Average win</source>
        <translation>Ganho médio</translation>
    </message>
    <message>
        <source>Average loss</source>
        <translation>Perda média</translation>
    </message>
    <message>
        <source>Average holding time</source>
        <translation>Tempo médio em posição</translation>
    </message>
    <message>
        <source>Gross profit</source>
        <translation>Lucro bruto</translation>
    </message>
    <message>
        <source>Gross loss</source>
        <translation>Prejuízo bruto</translation>
    </message>
    <message>
        <source>Fees paid</source>
        <translation>Taxas pagas</translation>
    </message>
    <message>
        <source>Exposure</source>
        <translation>Exposição</translation>
    </message>
</context>
<context>
    <name>bcf::app::BacktestTradesModel</name>
    <message>
        <source>Long</source>
        <translation>Compra</translation>
    </message>
    <message>
        <source>Short</source>
        <translation>Venda</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Side</source>
        <translation>Lado</translation>
    </message>
    <message>
        <source>Entry time</source>
        <translation>Hora de entrada</translation>
    </message>
    <message>
        <source>Entry price</source>
        <translation>Preço de entrada</translation>
    </message>
    <message>
        <source>Exit time</source>
        <translation>Hora de saída</translation>
    </message>
    <message>
        <source>Exit price</source>
        <translation>Preço de saída</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Quantidade</translation>
    </message>
    <message>
        <source>Net PnL</source>
        <translation>PnL líquido</translation>
    </message>
    <message>
        <source>Fees</source>
        <translation>Taxas</translation>
    </message>
    <message>
        <source>Bars</source>
        <translation>Barras</translation>
    </message>
</context>
<context>
    <name>bcf::app::BalancesModel</name>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>No price for %1 in %2 yet.</source>
        <translation>Ainda sem preço de %1 em %2.</translation>
    </message>
    <message>
        <source>Held by open orders</source>
        <translation>Retido por ordens abertas</translation>
    </message>
    <message>
        <source>Asset</source>
        <translation>Ativo</translation>
    </message>
    <message>
        <source>Free</source>
        <translation>Livre</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>Bloqueado</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valor</translation>
    </message>
    <message>
        <source>Value (%1)</source>
        <translation>Valor (%1)</translation>
    </message>
</context>
<context>
    <name>bcf::app::BotWizard</name>
    <message>
        <source>New bot</source>
        <translation>Novo robô</translation>
    </message>
    <message>
        <source>Create bot</source>
        <translation>Criar robô</translation>
    </message>
    <message>
        <source>Next &gt;</source>
        <translation>Avançar &gt;</translation>
    </message>
    <message>
        <source>&lt; Back</source>
        <translation>&lt; Voltar</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Kind and name</source>
        <translation>Tipo e nome</translation>
    </message>
    <message>
        <source>What the bot does. It is created stopped; you start it from the Bots dock.</source>
        <translation>O que o robô faz. Ele é criado parado; você o inicia no painel Robôs.</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>Estratégia</translation>
    </message>
    <message>
        <source>Runs one of your saved strategies on every closed bar, as the backtester does.</source>
        <translation>Executa uma das suas estratégias salvas a cada barra fechada, como o backtest.</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>Keeps buy limits below the price and sell limits above it across a range, and re-places each level as the other side fills.</source>
        <translation>Mantém ordens limitadas de compra abaixo do preço e de venda acima dele ao longo de uma faixa, e recoloca cada nível quando o lado oposto é executado.</translation>
    </message>
    <message>
        <source>DCA</source>
        <translation>DCA</translation>
    </message>
    <message>
        <source>Buys in, adds safety orders as the price falls, and sells everything at a take-profit above the average entry; then starts again.</source>
        <translation>Compra, acrescenta ordens de segurança conforme o preço cai e vende tudo num take-profit acima do preço médio de entrada; depois recomeça.</translation>
    </message>
    <message>
        <source>e.g. BTC grid 90–110</source>
        <translation>ex.: Grid BTC 90–110</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <source>Market</source>
        <translation>Mercado</translation>
    </message>
    <message>
        <source>Symbol</source>
        <translation>Símbolo</translation>
    </message>
    <message>
        <source>Timeframe</source>
        <translation>Timeframe</translation>
    </message>
    <message>
        <source>Venue</source>
        <translation>Corretora</translation>
    </message>
    <message>
        <source>Saved strategy</source>
        <translation>Estratégia salva</translation>
    </message>
    <message>
        <source>Geometric (equal percentage steps)</source>
        <translation>Geométrico (passos percentuais iguais)</translation>
    </message>
    <message>
        <source>Lower price</source>
        <translation>Preço inferior</translation>
    </message>
    <message>
        <source>Upper price</source>
        <translation>Preço superior</translation>
    </message>
    <message>
        <source>Levels</source>
        <translation>Níveis</translation>
    </message>
    <message>
        <source>Quantity per level</source>
        <translation>Quantidade por nível</translation>
    </message>
    <message>
        <source>Levels count both ends. The level nearest to the price stays empty; buys rest below it, sells above it.</source>
        <translation>Os níveis incluem as duas pontas. O nível mais próximo do preço fica vazio; as compras ficam abaixo dele e as vendas acima.</translation>
    </message>
    <message>
        <source> bp</source>
        <translation> bp</translation>
    </message>
    <message>
        <source> bars</source>
        <translation> barras</translation>
    </message>
    <message>
        <source>Base order</source>
        <translation>Ordem base</translation>
    </message>
    <message>
        <source>Safety order</source>
        <translation>Ordem de segurança</translation>
    </message>
    <message>
        <source>Safety orders</source>
        <translation>Ordens de segurança</translation>
    </message>
    <message>
        <source>Price deviation</source>
        <translation>Desvio de preço</translation>
    </message>
    <message>
        <source>Step scale</source>
        <translation>Escala do passo</translation>
    </message>
    <message>
        <source>Volume scale</source>
        <translation>Escala do volume</translation>
    </message>
    <message>
        <source>Take-profit</source>
        <translation>Take-profit</translation>
    </message>
    <message>
        <source>Cooldown</source>
        <translation>Intervalo de espera</translation>
    </message>
    <message>
        <source>Distance of the first safety order below the base fill, in basis points (100 bp = 1 %).</source>
        <translation>Distância da primeira ordem de segurança abaixo da execução da ordem base, em pontos-base (100 bp = 1 %).</translation>
    </message>
    <message>
        <source>Each next distance step is this share of the previous one (100 % = equal steps).</source>
        <translation>Cada passo de distância seguinte é esta fração do anterior (100 % = passos iguais).</translation>
    </message>
    <message>
        <source>Each next safety order spends this share of the previous one.</source>
        <translation>Cada ordem de segurança seguinte gasta esta fração da anterior.</translation>
    </message>
    <message>
        <source>The take-profit&apos;s distance above the average entry, in basis points.</source>
        <translation>A distância do take-profit acima do preço médio de entrada, em pontos-base.</translation>
    </message>
    <message>
        <source>Bar closes skipped after a take-profit before the next cycle.</source>
        <translation>Fechamentos de barra ignorados após um take-profit antes do próximo ciclo.</translation>
    </message>
    <message>
        <source>Safety orders, below the base fill</source>
        <translation>Ordens de segurança, abaixo da execução da ordem base</translation>
    </message>
    <message>
        <source>The upper price must be above the lower price, and the levels must stay apart at the instrument&apos;s tick.</source>
        <translation>O preço superior deve ficar acima do inferior, e os níveis devem continuar distintos no tick do instrumento.</translation>
    </message>
    <message>
        <source>Budget and risk limits</source>
        <translation>Orçamento e limites de risco</translation>
    </message>
    <message>
        <source>The quote the bot may use, and where the risk engine stops it. An empty or zero limit means none.</source>
        <translation>Quanto da moeda de cotação o robô pode usar e onde o motor de risco o interrompe. Um limite vazio ou zero significa nenhum.</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Nenhum</translation>
    </message>
    <message>
        <source>Budget</source>
        <translation>Orçamento</translation>
    </message>
    <message>
        <source>Max position</source>
        <translation>Posição máxima</translation>
    </message>
    <message>
        <source>Max daily loss</source>
        <translation>Perda diária máxima</translation>
    </message>
    <message>
        <source>Max drawdown</source>
        <translation>Drawdown máximo</translation>
    </message>
    <message>
        <source>Max open orders</source>
        <translation>Máximo de ordens abertas</translation>
    </message>
    <message>
        <source>Budget (%1)</source>
        <translation>Orçamento (%1)</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Resumo</translation>
    </message>
    <message>
        <source>The bot is created stopped. Check it, then create it.</source>
        <translation>O robô é criado parado. Confira e depois crie-o.</translation>
    </message>
    <message>
        <source>A saved strategy (its latest version is copied into the bot) and its parameters; double-click a value to change it.</source>
        <translation>Uma estratégia salva (sua versão mais recente é copiada para o robô) e seus parâmetros; clique duas vezes num valor para alterá-lo.</translation>
    </message>
    <message>
        <source>The range, the number of levels and the quantity bought or sold at each level.</source>
        <translation>A faixa, o número de níveis e a quantidade comprada ou vendida em cada nível.</translation>
    </message>
    <message>
        <source>The orders of one cycle: a base order, safety orders below it and the take-profit.</source>
        <translation>As ordens de um ciclo: uma ordem base, ordens de segurança abaixo dela e o take-profit.</translation>
    </message>
    <message>
        <source>Loading your strategies…</source>
        <translation>Carregando suas estratégias…</translation>
    </message>
    <message>
        <source>Your strategies could not be loaded: %1</source>
        <translation>Não foi possível carregar suas estratégias: %1</translation>
    </message>
    <message>
        <source>You have no saved strategies. Save one from the Strategy dock first.</source>
        <translation>Você não tem estratégias salvas. Salve uma no painel Estratégia primeiro.</translation>
    </message>
    <message>
        <source>Loading “%1”…</source>
        <translation>Carregando “%1”…</translation>
    </message>
    <message>
        <source>“%1” could not be loaded: %2</source>
        <translation>Não foi possível carregar “%1”: %2</translation>
    </message>
    <message>
        <source>“%1” does not compile: %2</source>
        <translation>“%1” não compila: %2</translation>
    </message>
    <message>
        <source>Version %1. It declares no parameters.</source>
        <translation>Versão %1. Ela não declara parâmetros.</translation>
    </message>
    <message>
        <source>Version %1. Its parameters, with their declared defaults:</source>
        <translation>Versão %1. Seus parâmetros, com os valores padrão declarados:</translation>
    </message>
    <message>
        <source>Enter a lower and an upper price to see the levels.</source>
        <translation>Informe um preço inferior e um superior para ver os níveis.</translation>
    </message>
    <message>
        <source>Level prices</source>
        <translation>Preços dos níveis</translation>
    </message>
    <message>
        <source>Capital needed</source>
        <translation>Capital necessário</translation>
    </message>
    <message>
        <source>at the last price %1</source>
        <translation>ao último preço %1</translation>
    </message>
    <message>
        <source>at the middle of the range</source>
        <translation>no meio da faixa</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Below base</source>
        <translation>Abaixo da base</translation>
    </message>
    <message>
        <source>Spend</source>
        <translation>Gasto</translation>
    </message>
    <message>
        <source>Spend (%1)</source>
        <translation>Gasto (%1)</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>none</source>
        <translation>nenhum</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>%1 (latest version)</source>
        <translation>%1 (versão mais recente)</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parâmetros</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>The instrument the bot trades, and where: on the paper venue, or live on an exchange you hold a key for.</source>
        <translation>O instrumento que o robô negocia, e onde: na corretora simulada ou, com dinheiro real, em uma corretora para a qual você tem uma chave.</translation>
    </message>
    <message>
        <source>Paper: simulated fills on the live order book. A live venue: real orders on the exchange, with real money.</source>
        <translation>Simulada: execuções simuladas sobre o livro de ofertas real. Uma corretora real: ordens reais na corretora, com dinheiro real.</translation>
    </message>
    <message>
        <source>The bot places real orders on %1 with real money, within its budget and limits.</source>
        <translation>O robô envia ordens reais na %1 com dinheiro real, dentro do orçamento e dos limites dele.</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1 — real orders with real money</source>
        <translation>%1 — ordens reais com dinheiro real</translation>
    </message>
    <message>
        <source>%1 — simulated fills</source>
        <translation>%1 — execuções simuladas</translation>
    </message>
</context>
<context>
    <name>bcf::app::Bots</name>
    <message>
        <source>Strategy</source>
        <translation>Estratégia</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>Grid</translation>
    </message>
    <message>
        <source>DCA</source>
        <translation>DCA</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Desconhecido</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Parado</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Em execução</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Pausado</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Falhou</translation>
    </message>
</context>
<context>
    <name>bcf::app::BotsModel</name>
    <message>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Symbol</source>
        <translation>Símbolo</translation>
    </message>
    <message>
        <source>Timeframe</source>
        <translation>Timeframe</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>Posição</translation>
    </message>
    <message>
        <source>Equity</source>
        <translation>Patrimônio</translation>
    </message>
    <message>
        <source>Realized PnL</source>
        <translation>PnL realizado</translation>
    </message>
    <message>
        <source>Unrealized PnL</source>
        <translation>PnL não realizado</translation>
    </message>
    <message>
        <source>Open orders</source>
        <translation>Ordens abertas</translation>
    </message>
</context>
<context>
    <name>bcf::app::BotsPanel</name>
    <message>
        <source>Your role does not include trading.</source>
        <translation>Seu perfil não inclui negociação.</translation>
    </message>
    <message>
        <source>Live bot updates interrupted: %1 Reconnecting in %2 s.</source>
        <translation>Atualizações dos robôs em tempo real interrompidas: %1 Reconectando em %2 s.</translation>
    </message>
    <message>
        <source>Live bot updates unavailable: %1</source>
        <translation>Atualizações dos robôs em tempo real indisponíveis: %1</translation>
    </message>
    <message>
        <source>Your bots could not be loaded: %1</source>
        <translation>Não foi possível carregar seus robôs: %1</translation>
    </message>
    <message>
        <source>Bot %1: %2</source>
        <translation>Robô %1: %2</translation>
    </message>
    <message>
        <source>The bot&apos;s log could not be loaded: %1</source>
        <translation>Não foi possível carregar o log do robô: %1</translation>
    </message>
    <message>
        <source>The equity could not be loaded: %1</source>
        <translation>Não foi possível carregar o patrimônio: %1</translation>
    </message>
    <message>
        <source>No equity yet: it is sampled every minute while the bot runs.</source>
        <translation>Ainda sem patrimônio: ele é amostrado a cada minuto enquanto o robô executa.</translation>
    </message>
    <message>
        <source>Your role may not change bots.</source>
        <translation>Seu perfil não pode alterar robôs.</translation>
    </message>
    <message>
        <source>Select a bot to see its log, equity and orders.</source>
        <translation>Selecione um robô para ver seu log, patrimônio e ordens.</translation>
    </message>
    <message>
        <source>Budget %1 %2</source>
        <translation>Orçamento %1 %2</translation>
    </message>
    <message>
        <source>Entry %1</source>
        <translation>Entrada %1</translation>
    </message>
    <message>
        <source>Fees %1</source>
        <translation>Taxas %1</translation>
    </message>
    <message>
        <source>on %1</source>
        <translation>em %1</translation>
    </message>
    <message>
        <source>Bot “%1” created. Start it when you are ready.</source>
        <translation>Robô “%1” criado. Inicie-o quando estiver pronto.</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 falhou: %2</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Iniciar</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausar</translation>
    </message>
    <message>
        <source>Stop bot</source>
        <translation>Parar robô</translation>
    </message>
    <message>
        <source>Stop “%1”? Its working orders are cancelled.</source>
        <translation>Parar “%1”? Suas ordens em aberto serão canceladas.</translation>
    </message>
    <message>
        <source>Also close its position (%1 %2) at market</source>
        <translation>Também encerrar sua posição (%1 %2) a mercado</translation>
    </message>
    <message>
        <source>Also close its position (it holds nothing)</source>
        <translation>Também encerrar sua posição (ele não tem nada)</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Parar</translation>
    </message>
    <message>
        <source>Delete bot</source>
        <translation>Excluir robô</translation>
    </message>
    <message>
        <source>Delete “%1”? Its orders and fills stay in the journal.</source>
        <translation>Excluir “%1”? Suas ordens e execuções continuam no registro.</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Excluir</translation>
    </message>
    <message>
        <source>New bot…</source>
        <translation>Novo robô…</translation>
    </message>
    <message>
        <source>Create a strategy, grid or DCA bot.</source>
        <translation>Crie um robô de estratégia, grid ou DCA.</translation>
    </message>
    <message>
        <source>Start (or resume) the selected bot.</source>
        <translation>Inicia (ou retoma) o robô selecionado.</translation>
    </message>
    <message>
        <source>No new decisions; its working orders stay.</source>
        <translation>Sem novas decisões; suas ordens em aberto permanecem.</translation>
    </message>
    <message>
        <source>Stop…</source>
        <translation>Parar…</translation>
    </message>
    <message>
        <source>Cancel its orders, optionally closing its position.</source>
        <translation>Cancela suas ordens e, se quiser, encerra sua posição.</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Excluir…</translation>
    </message>
    <message>
        <source>Only a stopped or failed bot can be deleted.</source>
        <translation>Só um robô parado ou com falha pode ser excluído.</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Log</translation>
    </message>
    <message>
        <source>Equity</source>
        <translation>Patrimônio</translation>
    </message>
    <message>
        <source>Open orders (%1)</source>
        <translation>Ordens abertas (%1)</translation>
    </message>
    <message>
        <source>Open orders</source>
        <translation>Ordens abertas</translation>
    </message>
    <message>
        <source>Order history</source>
        <translation>Histórico de ordens</translation>
    </message>
    <message>
        <source>No bots yet. Create one with “New bot…”.</source>
        <translation>Ainda não há robôs. Crie um com “Novo robô…”.</translation>
    </message>
</context>
<context>
    <name>bcf::app::CandleChart</name>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>O %1  H %2  L %3  C %4  (%5%)  Vol %6</source>
        <translation>A %1  Máx %2  Mín %3  F %4  (%5%)  Vol %6</translation>
    </message>
</context>
<context>
    <name>bcf::app::ChangePasswordDialog</name>
    <message>
        <source>Change password</source>
        <translation>Alterar senha</translation>
    </message>
    <message>
        <source>Choose a new password for %1. Your other sessions will be signed out.</source>
        <translation>Escolha uma nova senha para %1. Suas outras sessões serão encerradas.</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>Senha atual</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>Nova senha</translation>
    </message>
    <message>
        <source>Repeat new password</source>
        <translation>Repita a nova senha</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fechar</translation>
    </message>
    <message>
        <source>Changing…</source>
        <translation>Alterando…</translation>
    </message>
    <message>
        <source>The new passwords do not match.</source>
        <translation>As novas senhas não coincidem.</translation>
    </message>
    <message>
        <source>Your password was changed. Your other sessions were signed out.</source>
        <translation>Sua senha foi alterada. Suas outras sessões foram encerradas.</translation>
    </message>
</context>
<context>
    <name>bcf::app::ChartPanel</name>
    <message>
        <source>Market (Binance spot)</source>
        <translation>Mercado (Binance à vista)</translation>
    </message>
    <message>
        <source>Show %1 candles</source>
        <translation>Mostrar candles de %1</translation>
    </message>
    <message>
        <source>Loading %1 %2 candles…</source>
        <translation>Carregando candles %1 %2…</translation>
    </message>
    <message>
        <source>No %1 candles for %2 yet. The server has not collected market data for this market; the chart fills in as soon as it does.</source>
        <translation>Ainda não há candles de %1 para %2. O servidor ainda não coletou dados deste mercado; o gráfico é preenchido assim que coletar.</translation>
    </message>
    <message>
        <source>The candles for %1 %2 could not be loaded: %3
Retrying every %4 s.</source>
        <translation>Não foi possível carregar os candles de %1 %2: %3
Nova tentativa a cada %4 s.</translation>
    </message>
    <message>
        <source>The list of markets could not be loaded: %1 Retrying every %2 s.</source>
        <translation>Não foi possível carregar a lista de mercados: %1 Nova tentativa a cada %2 s.</translation>
    </message>
</context>
<context>
    <name>bcf::app::ConnectionProfile</name>
    <message>
        <source>The connection profile has no name.</source>
        <translation>O perfil de conexão não tem nome.</translation>
    </message>
    <message>
        <source>The connection profile &quot;%1&quot; has no host.</source>
        <translation>O perfil de conexão &quot;%1&quot; não tem host.</translation>
    </message>
    <message>
        <source>The port of &quot;%1&quot; must be between 1 and 65535.</source>
        <translation>A porta de &quot;%1&quot; deve estar entre 1 e 65535.</translation>
    </message>
    <message>
        <source>The connection profile &quot;%1&quot; has no CA certificate. Choose one in Settings → Connections.</source>
        <translation>O perfil de conexão &quot;%1&quot; não tem certificado de CA. Escolha um em Configurações → Conexões.</translation>
    </message>
    <message>
        <source>The CA certificate &quot;%1&quot; cannot be read.</source>
        <translation>Não foi possível ler o certificado de CA &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>The host of &quot;%1&quot; must not include a scheme such as https://. Enter only the host name or IP address.</source>
        <translation>O host de &quot;%1&quot; não pode incluir um esquema como https://. Informe apenas o nome do host ou o endereço IP.</translation>
    </message>
    <message>
        <source>The host of &quot;%1&quot; must not contain spaces.</source>
        <translation>O host de &quot;%1&quot; não pode conter espaços.</translation>
    </message>
    <message>
        <source>The host of &quot;%1&quot; must not include a port. Enter the port in its own field.</source>
        <translation>O host de &quot;%1&quot; não pode incluir uma porta. Informe a porta no campo próprio.</translation>
    </message>
    <message>
        <source>The host &quot;%1&quot; of &quot;%2&quot; is neither a valid host name nor an IP address.</source>
        <translation>O host &quot;%1&quot; de &quot;%2&quot; não é um nome de host válido nem um endereço IP.</translation>
    </message>
</context>
<context>
    <name>bcf::app::ConnectionState</name>
    <message>
        <source>Disconnected</source>
        <translation>Desconectado</translation>
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
        <source>Reconnecting…</source>
        <translation>Reconectando…</translation>
    </message>
</context>
<context>
    <name>bcf::app::ConnectionStatusWidget</name>
    <message>
        <source>Connected · %1 ms</source>
        <translation>Conectado · %1 ms</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Conectado</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Conectando…</translation>
    </message>
    <message>
        <source>Connection lost · reconnecting in %1 s</source>
        <translation>Conexão perdida · reconectando em %1 s</translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation>Reconectando…</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>Desconectado</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>Tentar agora</translation>
    </message>
</context>
<context>
    <name>bcf::app::ExchangeKeysDialog</name>
    <message>
        <source>Exchange keys</source>
        <translation>Chaves de corretora</translation>
    </message>
    <message>
        <source>Exchange keys for live trading</source>
        <translation>Chaves de corretora para negociação real</translation>
    </message>
    <message>
        <source>An exchange API key lets the server place your orders and run your bots on that exchange, with real money. One key per exchange; without a key you trade on the paper venue only.</source>
        <translation>Uma chave de API da corretora permite que o servidor envie suas ordens e execute seus robôs nessa corretora, com dinheiro real. Uma chave por corretora; sem chave, você negocia apenas na corretora simulada.</translation>
    </message>
    <message>
        <source>Exchange</source>
        <translation>Corretora</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Rótulo</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Chave</translation>
    </message>
    <message>
        <source>Can trade</source>
        <translation>Pode negociar</translation>
    </message>
    <message>
        <source>Added on</source>
        <translation>Adicionada em</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Excluir…</translation>
    </message>
    <message>
        <source>Add a key</source>
        <translation>Adicionar uma chave</translation>
    </message>
    <message>
        <source>optional, e.g. main account</source>
        <translation>opcional, p. ex. conta principal</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>Chave de API</translation>
    </message>
    <message>
        <source>Secret key</source>
        <translation>Chave secreta</translation>
    </message>
    <message>
        <source>Create the key on the exchange with trading only: keys that allow withdrawals are refused. The key is checked with the exchange, then stored encrypted on the server; neither the key nor its secret is ever shown again.</source>
        <translation>Crie a chave na corretora apenas com permissão de negociação: chaves que permitem saques são recusadas. A chave é verificada com a corretora e depois guardada criptografada no servidor; nem a chave nem o segredo dela são mostrados novamente.</translation>
    </message>
    <message>
        <source>Add key</source>
        <translation>Adicionar chave</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fechar</translation>
    </message>
    <message>
        <source>The keys could not be listed: %1</source>
        <translation>Não foi possível listar as chaves: %1</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Sim</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Não</translation>
    </message>
    <message>
        <source>No keys yet.</source>
        <translation>Nenhuma chave ainda.</translation>
    </message>
    <message>
        <source>Live trading is off on this server: keys cannot be added, and orders go to the paper venue only.</source>
        <translation>A negociação real está desativada neste servidor: não é possível adicionar chaves, e as ordens vão apenas para a corretora simulada.</translation>
    </message>
    <message>
        <source>Your role cannot trade: keys cannot be added or deleted.</source>
        <translation>Seu perfil não pode negociar: não é possível adicionar nem excluir chaves.</translation>
    </message>
    <message>
        <source>You have a %1 key already: delete it first to add another.</source>
        <translation>Você já tem uma chave da %1: exclua-a antes de adicionar outra.</translation>
    </message>
    <message>
        <source>The key was not added: %1</source>
        <translation>A chave não foi adicionada: %1</translation>
    </message>
    <message>
        <source>Enter the API key.</source>
        <translation>Informe a chave de API.</translation>
    </message>
    <message>
        <source>Enter the secret key.</source>
        <translation>Informe a chave secreta.</translation>
    </message>
    <message>
        <source>The %1 key “%2” (%3) was added: you can trade on %1 now.</source>
        <translation>A chave da %1 “%2” (%3) foi adicionada: você já pode negociar na %1.</translation>
    </message>
    <message>
        <source>Delete exchange key</source>
        <translation>Excluir chave de corretora</translation>
    </message>
    <message>
        <source>Delete the %1 key “%2” (%3)?</source>
        <translation>Excluir a chave da %1 “%2” (%3)?</translation>
    </message>
    <message>
        <source>Orders and bots on %1 are no longer possible until you add a key again. The server refuses while orders on %1 are open.</source>
        <translation>Ordens e robôs na %1 deixam de ser possíveis até que você adicione uma chave novamente. O servidor recusa enquanto houver ordens abertas na %1.</translation>
    </message>
    <message>
        <source>The key was not deleted: %1</source>
        <translation>A chave não foi excluída: %1</translation>
    </message>
    <message>
        <source>The %1 key “%2” (%3) was deleted.</source>
        <translation>A chave da %1 “%2” (%3) foi excluída.</translation>
    </message>
</context>
<context>
    <name>bcf::app::FillsModel</name>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Maker</source>
        <translation>Maker</translation>
    </message>
    <message>
        <source>Taker</source>
        <translation>Taker</translation>
    </message>
    <message>
        <source>Trade %1 of order %2</source>
        <translation>Negócio %1 da ordem %2</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Symbol</source>
        <translation>Símbolo</translation>
    </message>
    <message>
        <source>Side</source>
        <translation>Lado</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Preço</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Quantidade</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valor</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>Taxa</translation>
    </message>
    <message>
        <source>Liquidity</source>
        <translation>Liquidez</translation>
    </message>
    <message>
        <source>Venue</source>
        <translation>Corretora</translation>
    </message>
</context>
<context>
    <name>bcf::app::JobResultView</name>
    <message>
        <source>Total return</source>
        <translation>Retorno total</translation>
    </message>
    <message>
        <source>Sharpe ratio</source>
        <translation>Índice de Sharpe</translation>
    </message>
    <message>
        <source>Sortino ratio</source>
        <translation>Índice de Sortino</translation>
    </message>
    <message>
        <source>Max drawdown</source>
        <translation>Drawdown máximo</translation>
    </message>
    <message>
        <source>Trades</source>
        <translation>Operações</translation>
    </message>
    <message>
        <source>Win rate</source>
        <translation>Taxa de acerto</translation>
    </message>
    <message>
        <source>Profit factor</source>
        <translation>Fator de lucro</translation>
    </message>
    <message>
        <source>Net profit</source>
        <translation>Lucro líquido</translation>
    </message>
    <message>
        <source>Fees</source>
        <translation>Taxas</translation>
    </message>
    <message>
        <source>Bars</source>
        <translation>Barras</translation>
    </message>
    <message>
        <source>Trials</source>
        <translation>Tentativas</translation>
    </message>
    <message>
        <source>%1 (%2 failed)</source>
        <translation>%1 (%2 falharam)</translation>
    </message>
    <message>
        <source>Best trial</source>
        <translation>Melhor tentativa</translation>
    </message>
    <message>
        <source>No trial succeeded.</source>
        <translation>Nenhuma tentativa teve sucesso.</translation>
    </message>
    <message>
        <source>Best parameters</source>
        <translation>Melhores parâmetros</translation>
    </message>
    <message>
        <source>Objective</source>
        <translation>Objetivo</translation>
    </message>
    <message>
        <source>Probability of backtest overfitting</source>
        <translation>Probabilidade de sobreajuste do backtest</translation>
    </message>
    <message>
        <source>Deflated Sharpe ratio</source>
        <translation>Índice de Sharpe deflacionado</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <source>%1, version %2</source>
        <translation>%1, versão %2</translation>
    </message>
    <message>
        <source>Test MSE</source>
        <translation>MSE no teste</translation>
    </message>
    <message>
        <source>%1 (baseline %2)</source>
        <translation>%1 (referência %2)</translation>
    </message>
    <message>
        <source>Directional accuracy</source>
        <translation>Acerto de direção</translation>
    </message>
    <message>
        <source>Best epoch</source>
        <translation>Melhor época</translation>
    </message>
    <message>
        <source>%1 of %2, stopped early</source>
        <translation>%1 de %2, parada antecipada</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 de %2</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Dispositivo</translation>
    </message>
    <message>
        <source>Signal backtest return</source>
        <translation>Retorno do backtest do sinal</translation>
    </message>
    <message>
        <source>%1 (buy and hold %2)</source>
        <translation>%1 (comprar e manter %2)</translation>
    </message>
    <message>
        <source>Waiting for a compute node. The result appears here when it succeeds.</source>
        <translation>Aguardando um nó de cálculo. O resultado aparece aqui quando o job terminar com sucesso.</translation>
    </message>
    <message>
        <source>Running. The result appears here when it succeeds.</source>
        <translation>Em execução. O resultado aparece aqui quando o job terminar com sucesso.</translation>
    </message>
    <message>
        <source>Cancelled before it finished.</source>
        <translation>Cancelado antes de terminar.</translation>
    </message>
    <message>
        <source>The job succeeded without a result to show.</source>
        <translation>O job terminou com sucesso, mas sem resultado para mostrar.</translation>
    </message>
    <message>
        <source>Select a job to see its result.</source>
        <translation>Selecione um job para ver seu resultado.</translation>
    </message>
    <message>
        <source>Job %1</source>
        <translation>Job %1</translation>
    </message>
    <message>
        <source>Best episode or generation</source>
        <translation>Melhor episódio ou geração</translation>
    </message>
</context>
<context>
    <name>bcf::app::Jobs</name>
    <message>
        <source>Backtest</source>
        <translation>Backtest</translation>
    </message>
    <message>
        <source>Optimization</source>
        <translation>Otimização</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>Parte</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Treinamento</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Desconhecido</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>Na fila</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Em execução</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>Concluído</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Falhou</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelado</translation>
    </message>
    <message>
        <source>Timed out</source>
        <translation>Tempo esgotado</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
</context>
<context>
    <name>bcf::app::JobsModel</name>
    <message>
        <source>Waiting for a compute node</source>
        <translation>Aguardando um nó de cálculo</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Job %1</source>
        <translation>Job %1</translation>
    </message>
    <message>
        <source>Cancelling</source>
        <translation>Cancelando</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Rótulo</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progresso</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Nó</translation>
    </message>
    <message>
        <source>Attempt</source>
        <translation>Tentativa</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Iniciado em</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Duração</translation>
    </message>
</context>
<context>
    <name>bcf::app::JobsPanel</name>
    <message>
        <source>Your role does not include compute jobs.</source>
        <translation>Seu perfil não inclui jobs de cálculo.</translation>
    </message>
    <message>
        <source>Live job updates interrupted: %1 Reconnecting in %2 s.</source>
        <translation>Atualizações dos jobs em tempo real interrompidas: %1 Reconectando em %2 s.</translation>
    </message>
    <message>
        <source>Live job updates unavailable: %1</source>
        <translation>Atualizações dos jobs em tempo real indisponíveis: %1</translation>
    </message>
    <message>
        <source>Your jobs could not be loaded: %1</source>
        <translation>Não foi possível carregar seus jobs: %1</translation>
    </message>
    <message>
        <source>Loading the result…</source>
        <translation>Carregando o resultado…</translation>
    </message>
    <message>
        <source>The result could not be loaded: %1</source>
        <translation>Não foi possível carregar o resultado: %1</translation>
    </message>
    <message>
        <source>Stop the selected queued or running job.</source>
        <translation>Interrompe o job selecionado que está na fila ou em execução.</translation>
    </message>
    <message>
        <source>Your role may not change compute jobs.</source>
        <translation>Seu perfil não pode alterar jobs de cálculo.</translation>
    </message>
    <message>
        <source>Cancel failed: %1</source>
        <translation>Falha ao cancelar: %1</translation>
    </message>
    <message>
        <source>Job “%1” cancelled.</source>
        <translation>Job “%1” cancelado.</translation>
    </message>
    <message>
        <source>Job “%1” stops at its node&apos;s next report.</source>
        <translation>O job “%1” para no próximo relatório do seu nó.</translation>
    </message>
    <message>
        <source>Cancel job</source>
        <translation>Cancelar job</translation>
    </message>
    <message>
        <source>No compute jobs yet. Run a backtest or an optimization on the servers from the Strategy dock.</source>
        <translation>Nenhum job de cálculo ainda. Rode um backtest ou uma otimização nos servidores pelo painel Estratégia.</translation>
    </message>
</context>
<context>
    <name>bcf::app::KeychainTokenVault</name>
    <message>
        <source>No keychain service is available on this system (%1).</source>
        <translation>Nenhum serviço de chaveiro está disponível neste sistema (%1).</translation>
    </message>
    <message>
        <source>Access to the keychain was denied (%1).</source>
        <translation>O acesso ao chaveiro foi negado (%1).</translation>
    </message>
    <message>
        <source>The keychain reported an error: %1</source>
        <translation>O chaveiro informou um erro: %1</translation>
    </message>
    <message>
        <source>No keychain service is available: this session has no D-Bus session bus, so Secret Service and KWallet cannot be reached.</source>
        <translation>Nenhum serviço de chaveiro está disponível: esta sessão não tem barramento de sessão D-Bus, então o Secret Service e o KWallet não podem ser acessados.</translation>
    </message>
</context>
<context>
    <name>bcf::app::KillSwitchDialog</name>
    <message>
        <source>Kill switch</source>
        <translation>Parada de emergência</translation>
    </message>
    <message>
        <source>Resume trading</source>
        <translation>Retomar negociação</translation>
    </message>
    <message>
        <source>Cancels every open order of your account at once, including those of your bots. Afterwards the account only reduces positions, or accepts nothing but cancels when halted, until trading is resumed.</source>
        <translation>Cancela de uma vez todas as ordens abertas da sua conta, inclusive as dos seus robôs. Depois disso a conta só reduz posições, ou, se suspensa, só aceita cancelamentos, até que a negociação seja retomada.</translation>
    </message>
    <message>
        <source>Returns the account to normal trading: new orders are accepted again. Say why it is safe to resume.</source>
        <translation>Devolve a conta à negociação normal: novas ordens voltam a ser aceitas. Diga por que é seguro retomar.</translation>
    </message>
    <message>
        <source>e.g. strategy misbehaving</source>
        <translation>ex.: estratégia com comportamento anormal</translation>
    </message>
    <message>
        <source>e.g. strategy fixed and tested</source>
        <translation>ex.: estratégia corrigida e testada</translation>
    </message>
    <message>
        <source>Reason (journaled):</source>
        <translation>Motivo (registrado):</translation>
    </message>
    <message>
        <source>Also close all positions (flatten)</source>
        <translation>Também fechar todas as posições (zerar)</translation>
    </message>
    <message>
        <source>Sends market orders that close every open position.</source>
        <translation>Envia ordens a mercado que fecham todas as posições abertas.</translation>
    </message>
    <message>
        <source>Halt (otherwise reduce only)</source>
        <translation>Suspender (senão, só redução)</translation>
    </message>
    <message>
        <source>Halted: nothing but cancels is accepted. Reduce only: orders that shrink a position are still accepted.</source>
        <translation>Suspensa: só cancelamentos são aceitos. Só redução: ordens que diminuem uma posição continuam sendo aceitas.</translation>
    </message>
    <message>
        <source>Activate kill switch</source>
        <translation>Acionar parada de emergência</translation>
    </message>
</context>
<context>
    <name>bcf::app::LoginDialog</name>
    <message>
        <source>Log in — BotCriptoFy2</source>
        <translation>Entrar — BotCriptoFy2</translation>
    </message>
    <message>
        <source>Sign in to your trading workstation</source>
        <translation>Entre na sua estação de trading</translation>
    </message>
    <message>
        <source>SERVER</source>
        <translation>SERVIDOR</translation>
    </message>
    <message>
        <source>Connections…</source>
        <translation>Conexões…</translation>
    </message>
    <message>
        <source>Add or edit connection profiles</source>
        <translation>Adicionar ou editar perfis de conexão</translation>
    </message>
    <message>
        <source>USERNAME</source>
        <translation>USUÁRIO</translation>
    </message>
    <message>
        <source>Your username</source>
        <translation>Seu nome de usuário</translation>
    </message>
    <message>
        <source>PASSWORD</source>
        <translation>SENHA</translation>
    </message>
    <message>
        <source>Your password</source>
        <translation>Sua senha</translation>
    </message>
    <message>
        <source>Remember me on this computer</source>
        <translation>Lembrar de mim neste computador</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Sair</translation>
    </message>
    <message>
        <source>Two-factor authentication</source>
        <translation>Autenticação em dois fatores</translation>
    </message>
    <message>
        <source>Enter the 6-digit code from your authenticator app, or one of your recovery codes.</source>
        <translation>Digite o código de 6 dígitos do seu aplicativo autenticador ou um dos seus códigos de recuperação.</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Voltar</translation>
    </message>
    <message>
        <source>%1 · TLS</source>
        <translation>%1 · TLS</translation>
    </message>
    <message>
        <source>Logging in…</source>
        <translation>Entrando…</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Entrar</translation>
    </message>
    <message>
        <source>Verifying…</source>
        <translation>Verificando…</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>Verificar</translation>
    </message>
    <message>
        <source>Keep the session in the system keychain so the next start skips this dialog. Logging out forgets it.</source>
        <translation>Guarda a sessão no chaveiro do sistema para que a próxima abertura pule esta janela. Ao sair da conta, ela é esquecida.</translation>
    </message>
    <message>
        <source>Not available: %1</source>
        <translation>Indisponível: %1</translation>
    </message>
</context>
<context>
    <name>bcf::app::MainWindow</name>
    <message>
        <source>AI lab</source>
        <translation>Laboratório de IA</translation>
    </message>
    <message>
        <source>BotCriptoFy2 — %1</source>
        <translation>BotCriptoFy2 — %1</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Arquivo</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Configurações…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Sair</translation>
    </message>
    <message>
        <source>&amp;Account</source>
        <translation>C&amp;onta</translation>
    </message>
    <message>
        <source>Account &amp;security…</source>
        <translation>&amp;Segurança da conta…</translation>
    </message>
    <message>
        <source>Change &amp;password…</source>
        <translation>Alterar s&amp;enha…</translation>
    </message>
    <message>
        <source>&amp;Log out</source>
        <translation>Sai&amp;r da conta</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Exibir</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>&amp;Tema</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Idioma</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Aj&amp;uda</translation>
    </message>
    <message>
        <source>&amp;About BotCriptoFy2…</source>
        <translation>&amp;Sobre o BotCriptoFy2…</translation>
    </message>
    <message>
        <source>About &amp;Qt…</source>
        <translation>Sobre o &amp;Qt…</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Node %1 at %2</source>
        <translation>Nó %1 em %2</translation>
    </message>
    <message>
        <source>Chart</source>
        <translation>Gráfico</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Visão geral</translation>
    </message>
    <message>
        <source>&amp;Panels</source>
        <translation>&amp;Painéis</translation>
    </message>
    <message>
        <source>Market watch</source>
        <translation>Observação de mercado</translation>
    </message>
    <message>
        <source>Order book</source>
        <translation>Livro de ofertas</translation>
    </message>
    <message>
        <source>Trades</source>
        <translation>Negócios</translation>
    </message>
    <message>
        <source>Strategy — %1</source>
        <translation>Estratégia — %1</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>Estratégia</translation>
    </message>
    <message>
        <source>Order ticket</source>
        <translation>Boleta</translation>
    </message>
    <message>
        <source>Trading</source>
        <translation>Negociação</translation>
    </message>
    <message>
        <source>&amp;Trading</source>
        <translation>&amp;Negociação</translation>
    </message>
    <message>
        <source>&amp;Kill switch…</source>
        <translation>&amp;Parada de emergência…</translation>
    </message>
    <message>
        <source>&amp;Resume trading…</source>
        <translation>&amp;Retomar negociação…</translation>
    </message>
    <message>
        <source>&amp;One-click trading</source>
        <translation>Negociação com &amp;um clique</translation>
    </message>
    <message>
        <source>KILL SWITCH</source>
        <translation>PARADA DE EMERGÊNCIA</translation>
    </message>
    <message>
        <source>Cancels every open order and stops trading on the account (Ctrl+Shift+K).</source>
        <translation>Cancela todas as ordens abertas e interrompe a negociação na conta (Ctrl+Shift+K).</translation>
    </message>
    <message>
        <source>Resume trading</source>
        <translation>Retomar negociação</translation>
    </message>
    <message>
        <source>The account is not active: only reductions or cancels are accepted.</source>
        <translation>A conta não está ativa: só reduções ou cancelamentos são aceitos.</translation>
    </message>
    <message>
        <source>Bots</source>
        <translation>Robôs</translation>
    </message>
    <message>
        <source>&amp;Exchange keys…</source>
        <translation>&amp;Chaves de corretora…</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>Jobs</translation>
    </message>
    <message>
        <source>News</source>
        <translation>Notícias</translation>
    </message>
</context>
<context>
    <name>bcf::app::MarketWatchModel</name>
    <message>
        <source>%1 / %2 on %3</source>
        <translation>%1 / %2 em %3</translation>
    </message>
    <message>
        <source>%1 %2 traded in 24 hours (%3 %4)</source>
        <translation>%1 %2 negociados em 24 horas (%3 %4)</translation>
    </message>
    <message>
        <source>Volume of the last 24 hours in the quote asset</source>
        <translation>Volume das últimas 24 horas no ativo de cotação</translation>
    </message>
    <message>
        <source>Symbol</source>
        <translation>Símbolo</translation>
    </message>
    <message>
        <source>Last</source>
        <translation>Último</translation>
    </message>
    <message>
        <source>24h %</source>
        <translation>24h %</translation>
    </message>
    <message>
        <source>24h high</source>
        <translation>Máx. 24h</translation>
    </message>
    <message>
        <source>24h low</source>
        <translation>Mín. 24h</translation>
    </message>
    <message>
        <source>24h volume</source>
        <translation>Volume 24h</translation>
    </message>
</context>
<context>
    <name>bcf::app::MarketWatchPanel</name>
    <message>
        <source>The list of markets could not be loaded: %1 Retrying every %2 s.</source>
        <translation>Não foi possível carregar a lista de mercados: %1 Nova tentativa a cada %2 s.</translation>
    </message>
    <message>
        <source>Loading the markets…</source>
        <translation>Carregando os mercados…</translation>
    </message>
    <message>
        <source>The server lists no markets yet.</source>
        <translation>O servidor ainda não lista nenhum mercado.</translation>
    </message>
    <message>
        <source>Live prices interrupted: %1 Reconnecting in %2 s.</source>
        <translation>Preços ao vivo interrompidos: %1 Reconectando em %2 s.</translation>
    </message>
    <message>
        <source>Live prices unavailable: %1</source>
        <translation>Preços ao vivo indisponíveis: %1</translation>
    </message>
    <message>
        <source>Filter symbols</source>
        <translation>Filtrar símbolos</translation>
    </message>
    <message>
        <source>Double-click a market (or press Enter) to show it on the chart, the order book and the trades</source>
        <translation>Clique duas vezes em um mercado (ou pressione Enter) para exibi-lo no gráfico, no livro de ofertas e nos negócios</translation>
    </message>
</context>
<context>
    <name>bcf::app::News</name>
    <message>
        <source>Positive</source>
        <translation>Positivo</translation>
    </message>
    <message>
        <source>Negative</source>
        <translation>Negativo</translation>
    </message>
    <message>
        <source>Neutral</source>
        <translation>Neutro</translation>
    </message>
</context>
<context>
    <name>bcf::app::NewsFeedsDialog</name>
    <message>
        <source>News feeds</source>
        <translation>Feeds de notícias</translation>
    </message>
    <message>
        <source>The compute nodes fetch every feed every few minutes. Each item is stored once, with the time it was first fetched, scored for sentiment and tagged with the assets it names; strategies read the sentiment from those items.</source>
        <translation>Os nós de computação buscam cada feed a cada poucos minutos. Cada item é guardado uma única vez, com o horário em que foi obtido pela primeira vez, recebe uma nota de sentimento e é marcado com os ativos que cita; as estratégias leem o sentimento desses itens.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Endereço</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Itens</translation>
    </message>
    <message>
        <source>Last fetch</source>
        <translation>Última busca</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Último erro</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Atualizar</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>Remover…</translation>
    </message>
    <message>
        <source>ADD A FEED</source>
        <translation>ADICIONAR UM FEED</translation>
    </message>
    <message>
        <source>https://example.com/rss (RSS or Atom)</source>
        <translation>https://example.com/rss (RSS ou Atom)</translation>
    </message>
    <message>
        <source>optional: the address&apos;s host</source>
        <translation>opcional: o host do endereço</translation>
    </message>
    <message>
        <source>Add feed</source>
        <translation>Adicionar feed</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fechar</translation>
    </message>
    <message>
        <source>The feeds could not be listed: %1</source>
        <translation>Não foi possível listar os feeds: %1</translation>
    </message>
    <message>
        <source>%1 (off)</source>
        <translation>%1 (desligado)</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nunca</translation>
    </message>
    <message>
        <source>No feeds yet: add one below. Until then the news dock and sentiment() have nothing to show.</source>
        <translation>Nenhum feed ainda: adicione um abaixo. Até lá, o painel de notícias e sentiment() não têm nada a mostrar.</translation>
    </message>
    <message>
        <source>The feed was not added: %1</source>
        <translation>O feed não foi adicionado: %1</translation>
    </message>
    <message>
        <source>enter an http:// or https:// address of an RSS or Atom feed.</source>
        <translation>informe um endereço http:// ou https:// de um feed RSS ou Atom.</translation>
    </message>
    <message>
        <source>The feed “%1” was added: the compute nodes fetch it within a few minutes.</source>
        <translation>O feed “%1” foi adicionado: os nós de computação o buscam em poucos minutos.</translation>
    </message>
    <message>
        <source>Remove the feed “%1”?</source>
        <translation>Remover o feed “%1”?</translation>
    </message>
    <message>
        <source>Its stored items (%1) are deleted with it: the news dock and sentiment() in backtests no longer see them. This cannot be undone.</source>
        <translation>Os itens guardados dele (%1) são excluídos junto: o painel de notícias e sentiment() nos backtests deixam de vê-los. Isso não pode ser desfeito.</translation>
    </message>
    <message>
        <source>Remove news feed</source>
        <translation>Remover feed de notícias</translation>
    </message>
    <message>
        <source>Remove feed and items</source>
        <translation>Remover feed e itens</translation>
    </message>
    <message>
        <source>The feed was not removed: %1</source>
        <translation>O feed não foi removido: %1</translation>
    </message>
    <message>
        <source>The feed %1 and its items were removed.</source>
        <translation>O feed %1 e seus itens foram removidos.</translation>
    </message>
</context>
<context>
    <name>bcf::app::NewsModel</name>
    <message>
        <source>Fetched %1; the feed dates it %2.</source>
        <translation>Obtido em %1; o feed o data de %2.</translation>
    </message>
    <message>
        <source>Fetched %1; the feed gives no date.</source>
        <translation>Obtido em %1; o feed não informa data.</translation>
    </message>
    <message>
        <source>Sentiment %1 (%2), scored by the product&apos;s lexicon from −1 to +1.</source>
        <translation>Sentimento %1 (%2), pontuado pelo léxico do produto de −1 a +1.</translation>
    </message>
    <message>
        <source>When the servers first fetched the item (your local time): strategies see it from then on</source>
        <translation>Quando os servidores obtiveram o item pela primeira vez (seu horário local): as estratégias o veem a partir daí</translation>
    </message>
    <message>
        <source>The item&apos;s score from −1 (negative) to +1 (positive)</source>
        <translation>A nota do item de −1 (negativo) a +1 (positivo)</translation>
    </message>
    <message>
        <source>Fetched</source>
        <translation>Obtido em</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Fonte</translation>
    </message>
    <message>
        <source>Sentiment</source>
        <translation>Sentimento</translation>
    </message>
    <message>
        <source>Headline</source>
        <translation>Manchete</translation>
    </message>
    <message>
        <source>Assets</source>
        <translation>Ativos</translation>
    </message>
</context>
<context>
    <name>bcf::app::NewsPanel</name>
    <message>
        <source>No news in the last 7 days.</source>
        <translation>Nenhuma notícia nos últimos 7 dias.</translation>
    </message>
    <message>
        <source>No news for %1 in the last 7 days.</source>
        <translation>Nenhuma notícia de %1 nos últimos 7 dias.</translation>
    </message>
    <message>
        <source>%1 (chart)</source>
        <translation>%1 (gráfico)</translation>
    </message>
    <message>
        <source>The base asset of the chart&apos;s symbol</source>
        <translation>O ativo base do símbolo do gráfico</translation>
    </message>
    <message>
        <source>All assets</source>
        <translation>Todos os ativos</translation>
    </message>
    <message>
        <source>Your role does not include news.</source>
        <translation>Seu perfil não inclui notícias.</translation>
    </message>
    <message>
        <source>The news could not be loaded: %1</source>
        <translation>Não foi possível carregar as notícias: %1</translation>
    </message>
    <message>
        <source>This item has no web address to open.</source>
        <translation>Este item não tem endereço web para abrir.</translation>
    </message>
    <message>
        <source>Open the selected article in your browser (or double-click it).</source>
        <translation>Abre o artigo selecionado no navegador (ou dê um clique duplo nele).</translation>
    </message>
    <message>
        <source>Select a headline to read its summary.</source>
        <translation>Selecione uma manchete para ler o resumo.</translation>
    </message>
    <message>
        <source>Fetched %1</source>
        <translation>Obtido em %1</translation>
    </message>
    <message>
        <source>dated %1 by the feed</source>
        <translation>datado de %1 pelo feed</translation>
    </message>
    <message>
        <source>Sentiment %1 · %2</source>
        <translation>Sentimento %1 · %2</translation>
    </message>
    <message>
        <source>Assets: %1</source>
        <translation>Ativos: %1</translation>
    </message>
    <message>
        <source>The feed gives no summary.</source>
        <translation>O feed não traz resumo.</translation>
    </message>
    <message>
        <source>Open the article ↗</source>
        <translation>Abrir o artigo ↗</translation>
    </message>
    <message>
        <source>The browser could not be opened for %1.</source>
        <translation>Não foi possível abrir o navegador para %1.</translation>
    </message>
    <message>
        <source>The asset whose news is listed: the chart&apos;s by default</source>
        <translation>O ativo cujas notícias são listadas: por padrão, o do gráfico</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Atualizar</translation>
    </message>
    <message>
        <source>Open article</source>
        <translation>Abrir artigo</translation>
    </message>
    <message>
        <source>Feeds…</source>
        <translation>Feeds…</translation>
    </message>
    <message>
        <source>The RSS and Atom feeds the servers fetch (admins)</source>
        <translation>Os feeds RSS e Atom que os servidores buscam (administradores)</translation>
    </message>
</context>
<context>
    <name>bcf::app::OptimizationText</name>
    <message>
        <source>Sharpe ratio</source>
        <translation>Índice de Sharpe</translation>
    </message>
    <message>
        <source>Sortino ratio</source>
        <translation>Índice de Sortino</translation>
    </message>
    <message>
        <source>Total return</source>
        <translation>Retorno total</translation>
    </message>
    <message>
        <source>Net profit</source>
        <translation>Lucro líquido</translation>
    </message>
    <message>
        <source>Profit factor</source>
        <translation>Fator de lucro</translation>
    </message>
    <message>
        <source>Calmar ratio</source>
        <translation>Índice de Calmar</translation>
    </message>
    <message>
        <source>Grid (every combination)</source>
        <translation>Grade (todas as combinações)</translation>
    </message>
    <message>
        <source>Random sampling</source>
        <translation>Amostragem aleatória</translation>
    </message>
    <message>
        <source>Genetic algorithm</source>
        <translation>Algoritmo genético</translation>
    </message>
</context>
<context>
    <name>bcf::app::OptimizationTrialsModel</name>
    <message>
        <source>Net profit</source>
        <translation>Lucro líquido</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>Retorno</translation>
    </message>
    <message>
        <source>Sharpe</source>
        <translation>Sharpe</translation>
    </message>
    <message>
        <source>Max drawdown</source>
        <translation>Drawdown máximo</translation>
    </message>
    <message>
        <source>Trades</source>
        <translation>Operações</translation>
    </message>
    <message>
        <source>Win rate</source>
        <translation>Taxa de acerto</translation>
    </message>
</context>
<context>
    <name>bcf::app::OptimizeDialog</name>
    <message>
        <source>Parameters of this trial applied to the editor&apos;s table.</source>
        <translation>Parâmetros desta tentativa aplicados à tabela do editor.</translation>
    </message>
    <message>
        <source>Optimize strategy</source>
        <translation>Otimizar estratégia</translation>
    </message>
    <message>
        <source>Searches the parameters that declare a range, backtesting each set on the market, dates and costs of the Backtest settings.</source>
        <translation>Busca os parâmetros que declaram um intervalo, testando cada conjunto no mercado, nas datas e nos custos das configurações do backtest.</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Método</translation>
    </message>
    <message>
        <source>Objective</source>
        <translation>Objetivo</translation>
    </message>
    <message>
        <source>Max trials</source>
        <translation>Máx. de tentativas</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Semente</translation>
    </message>
    <message>
        <source>Random: trials drawn; Grid: refuses a larger grid; Genetic: a cap on evaluations.</source>
        <translation>Aleatória: tentativas sorteadas; Grade: recusa uma grade maior; Genética: limite de avaliações.</translation>
    </message>
    <message>
        <source>The same seed gives the same trials.</source>
        <translation>A mesma semente gera as mesmas tentativas.</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Executar</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Trials</source>
        <translation>Tentativas</translation>
    </message>
    <message>
        <source>Heatmap</source>
        <translation>Mapa de calor</translation>
    </message>
    <message>
        <source>Double-click a trial to use its parameters in the editor.</source>
        <translation>Clique duas vezes numa tentativa para usar seus parâmetros no editor.</translation>
    </message>
    <message>
        <source>X parameter</source>
        <translation>Parâmetro X</translation>
    </message>
    <message>
        <source>Y parameter</source>
        <translation>Parâmetro Y</translation>
    </message>
    <message>
        <source>Best objective</source>
        <translation>Melhor objetivo</translation>
    </message>
    <message>
        <source>The strategy does not compile: %1</source>
        <translation>A estratégia não compila: %1</translation>
    </message>
    <message>
        <source>No parameter declares a range (param x = 10 range 5..50 step 5): there is nothing to search.</source>
        <translation>Nenhum parâmetro declara um intervalo (param x = 10 range 5..50 step 5): não há o que buscar.</translation>
    </message>
    <message>
        <source>Parameters to search: %1; combinations: %2.</source>
        <translation>Parâmetros a buscar: %1; combinações: %2.</translation>
    </message>
    <message>
        <source>Loading candles…</source>
        <translation>Carregando candles…</translation>
    </message>
    <message>
        <source>The candles could not be loaded: %1</source>
        <translation>Não foi possível carregar os candles: %1</translation>
    </message>
    <message>
        <source>There are no candles in the chosen range.</source>
        <translation>Não há candles no intervalo escolhido.</translation>
    </message>
    <message>
        <source>Optimizing on %1 candles…</source>
        <translation>Otimizando em %1 candles…</translation>
    </message>
    <message>
        <source>%1 of %2 trials</source>
        <translation>%1 de %2 tentativas</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Cancelando…</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Cancelado.</translation>
    </message>
    <message>
        <source>The optimization failed: %1</source>
        <translation>A otimização falhou: %1</translation>
    </message>
    <message>
        <source>Trials: %1, in %2 s.</source>
        <translation>Tentativas: %1, em %2 s.</translation>
    </message>
    <message>
        <source>Cancelled; trials done: %1.</source>
        <translation>Cancelado; tentativas feitas: %1.</translation>
    </message>
    <message>
        <source>Best: %1 (%2 %3).</source>
        <translation>Melhor: %1 (%2 %3).</translation>
    </message>
    <message>
        <source>Overfitting: probability of backtest overfitting (PBO) %1 % over %2 splits; deflated Sharpe ratio of the best trial %3.</source>
        <translation>Sobreajuste: probabilidade de sobreajuste do backtest (PBO) %1 % em %2 divisões; índice de Sharpe deflacionado da melhor tentativa %3.</translation>
    </message>
    <message>
        <source>PBO: the share of in-sample/out-of-sample splits where the in-sample winner ranks below the median out of sample (lower is better). Deflated Sharpe: the probability that the best Sharpe ratio beats what the number of trials would give by luck.</source>
        <translation>PBO: a parcela das divisões dentro/fora da amostra em que a vencedora dentro da amostra fica abaixo da mediana fora da amostra (quanto menor, melhor). Sharpe deflacionado: a probabilidade de o melhor índice de Sharpe superar o que o número de tentativas daria por sorte.</translation>
    </message>
</context>
<context>
    <name>bcf::app::OrderBookModel</name>
    <message>
        <source>No orders</source>
        <translation>Sem ordens</translation>
    </message>
    <message>
        <source>Spread %1</source>
        <translation>Spread %1</translation>
    </message>
    <message>
        <source>One side of the book is empty</source>
        <translation>Um dos lados do livro está vazio</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Preço</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Quantidade</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>%1 (%2 bp)</source>
        <comment>the spread and its size in basis points</comment>
        <translation>%1 (%2 pb)</translation>
    </message>
</context>
<context>
    <name>bcf::app::OrderBookPanel</name>
    <message>
        <source>The order book stream was interrupted: %1 Reconnecting in %2 s.</source>
        <translation>A transmissão do livro de ofertas foi interrompida: %1 Reconectando em %2 s.</translation>
    </message>
    <message>
        <source>The order book is unavailable: %1</source>
        <translation>O livro de ofertas está indisponível: %1</translation>
    </message>
    <message>
        <source>Order book</source>
        <translation>Livro de ofertas</translation>
    </message>
    <message>
        <source>Order book · %1</source>
        <translation>Livro de ofertas · %1</translation>
    </message>
    <message>
        <source>Levels shown on each side</source>
        <translation>Níveis exibidos em cada lado</translation>
    </message>
    <message>
        <source>Depth: cumulative size of the bids (left) and asks (right) around the mid price</source>
        <translation>Profundidade: quantidade acumulada das ofertas de compra (esquerda) e de venda (direita) em torno do preço médio</translation>
    </message>
</context>
<context>
    <name>bcf::app::OrderTicket</name>
    <message>
        <source>%1 % of the balance cannot be computed: no free balance or no price yet.</source>
        <translation>Não é possível calcular %1 % do saldo: sem saldo livre ou ainda sem preço.</translation>
    </message>
    <message>
        <source>Last %1</source>
        <translation>Último %1</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Buy %1 at market</source>
        <translation>Comprar %1 a mercado</translation>
    </message>
    <message>
        <source>Sell %1 at market</source>
        <translation>Vender %1 a mercado</translation>
    </message>
    <message>
        <source>Buy %1 at limit %2</source>
        <translation>Comprar %1 com limite %2</translation>
    </message>
    <message>
        <source>Sell %1 at limit %2</source>
        <translation>Vender %1 com limite %2</translation>
    </message>
    <message>
        <source>Buy %1 at market on stop %2</source>
        <translation>Comprar %1 a mercado no stop %2</translation>
    </message>
    <message>
        <source>Sell %1 at market on stop %2</source>
        <translation>Vender %1 a mercado no stop %2</translation>
    </message>
    <message>
        <source>Buy %1 at limit %2 on stop %3</source>
        <translation>Comprar %1 com limite %2 no stop %3</translation>
    </message>
    <message>
        <source>Sell %1 at limit %2 on stop %3</source>
        <translation>Vender %1 com limite %2 no stop %3</translation>
    </message>
    <message>
        <source>Buy %1 trailing %2 %</source>
        <translation>Comprar %1 com stop móvel de %2 %</translation>
    </message>
    <message>
        <source>Sell %1 trailing %2 %</source>
        <translation>Vender %1 com stop móvel de %2 %</translation>
    </message>
    <message>
        <source>Buy %1: OCO limit %2 / stop %3</source>
        <translation>Comprar %1: OCO limite %2 / stop %3</translation>
    </message>
    <message>
        <source>Sell %1: OCO limit %2 / stop %3</source>
        <translation>Vender %1: OCO limite %2 / stop %3</translation>
    </message>
    <message>
        <source>Cost ≈ %1 (at the last price)</source>
        <translation>Custo ≈ %1 (ao último preço)</translation>
    </message>
    <message>
        <source>Cost ≈ %1</source>
        <translation>Custo ≈ %1</translation>
    </message>
    <message>
        <source>Proceeds ≈ %1 (at the last price)</source>
        <translation>Receita ≈ %1 (ao último preço)</translation>
    </message>
    <message>
        <source>Proceeds ≈ %1</source>
        <translation>Receita ≈ %1</translation>
    </message>
    <message>
        <source>Symbol: %1</source>
        <translation>Símbolo: %1</translation>
    </message>
    <message>
        <source>Side: %1</source>
        <translation>Lado: %1</translation>
    </message>
    <message>
        <source>Type: %1</source>
        <translation>Tipo: %1</translation>
    </message>
    <message>
        <source>Quantity: %1 %2</source>
        <translation>Quantidade: %1 %2</translation>
    </message>
    <message>
        <source>Take-profit limit: %1 %2</source>
        <translation>Limite de realização de lucro: %1 %2</translation>
    </message>
    <message>
        <source>Limit price: %1 %2</source>
        <translation>Preço limite: %1 %2</translation>
    </message>
    <message>
        <source>Stop price: %1 %2</source>
        <translation>Preço de stop: %1 %2</translation>
    </message>
    <message>
        <source>Stop-limit price: %1 %2</source>
        <translation>Preço limite do stop: %1 %2</translation>
    </message>
    <message>
        <source>Trailing distance: %1 %</source>
        <translation>Distância do stop móvel: %1 %</translation>
    </message>
    <message>
        <source>Time in force: %1</source>
        <translation>Validade: %1</translation>
    </message>
    <message>
        <source>Post-only: yes</source>
        <translation>Só maker (post-only): sim</translation>
    </message>
    <message>
        <source>Reduce-only: yes</source>
        <translation>Só redução: sim</translation>
    </message>
    <message>
        <source>Enter a quantity.</source>
        <translation>Informe uma quantidade.</translation>
    </message>
    <message>
        <source>The quantity must be above zero.</source>
        <translation>A quantidade deve ser maior que zero.</translation>
    </message>
    <message>
        <source>Enter a price above zero.</source>
        <translation>Informe um preço maior que zero.</translation>
    </message>
    <message>
        <source>Enter a stop price above zero.</source>
        <translation>Informe um preço de stop maior que zero.</translation>
    </message>
    <message>
        <source>Enter a price above zero, or leave it empty.</source>
        <translation>Informe um preço maior que zero ou deixe em branco.</translation>
    </message>
    <message>
        <source>Enter a distance from 0.01 to 20 %.</source>
        <translation>Informe uma distância de 0,01 a 20 %.</translation>
    </message>
    <message>
        <source>Check the marked fields.</source>
        <translation>Verifique os campos marcados.</translation>
    </message>
    <message>
        <source>Confirm order</source>
        <translation>Confirmar ordem</translation>
    </message>
    <message>
        <source>Place this order on the paper account?</source>
        <translation>Enviar esta ordem para a conta simulada (paper)?</translation>
    </message>
    <message>
        <source>The server refused the order: %1</source>
        <translation>O servidor recusou a ordem: %1</translation>
    </message>
    <message>
        <source>The order was not placed: %1</source>
        <translation>A ordem não foi enviada: %1</translation>
    </message>
    <message>
        <source>%1 %2 %3 %4</source>
        <translation>%1 %2 %3 %4</translation>
    </message>
    <message>
        <source>Rejected: %1</source>
        <translation>Rejeitada: %1</translation>
    </message>
    <message>
        <source>Expired: %1 — %2</source>
        <translation>Expirada: %1 — %2</translation>
    </message>
    <message>
        <source>Filled: %1 at %2</source>
        <translation>Executada: %1 a %2</translation>
    </message>
    <message>
        <source>Partially filled: %1, %2 done</source>
        <translation>Parcialmente executada: %1, %2 feitos</translation>
    </message>
    <message>
        <source>Placed: %1 (%2)</source>
        <translation>Enviada: %1 (%2)</translation>
    </message>
    <message>
        <source>Take profit</source>
        <translation>Realizar lucro</translation>
    </message>
    <message>
        <source>Limit price</source>
        <translation>Preço limite</translation>
    </message>
    <message>
        <source>Available: —</source>
        <translation>Disponível: —</translation>
    </message>
    <message>
        <source>Available: %1 %2</source>
        <translation>Disponível: %1 %2</translation>
    </message>
    <message>
        <source>The account is halted: orders are refused until trading is resumed.</source>
        <translation>A conta está suspensa: ordens são recusadas até que a negociação seja retomada.</translation>
    </message>
    <message>
        <source>The account is reducing only: only orders that shrink a position are accepted.</source>
        <translation>A conta está em só redução: só são aceitas ordens que diminuem uma posição.</translation>
    </message>
    <message>
        <source>Your role cannot place orders.</source>
        <translation>Seu perfil não pode enviar ordens.</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Enviando…</translation>
    </message>
    <message>
        <source>Order ticket</source>
        <translation>Boleta</translation>
    </message>
    <message>
        <source>Buy</source>
        <translation>Comprar</translation>
    </message>
    <message>
        <source>Sell</source>
        <translation>Vender</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Market</source>
        <translation>A mercado</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>Limitada</translation>
    </message>
    <message>
        <source>Stop market</source>
        <translation>Stop a mercado</translation>
    </message>
    <message>
        <source>Stop limit</source>
        <translation>Stop limitada</translation>
    </message>
    <message>
        <source>Trailing stop</source>
        <translation>Stop móvel</translation>
    </message>
    <message>
        <source>OCO</source>
        <translation>OCO</translation>
    </message>
    <message>
        <source>Stop orders wait for the last price to reach the stop; OCO places a take-profit limit and a stop together: when one fills, the other is cancelled.</source>
        <translation>Ordens stop aguardam o último preço atingir o stop; a OCO envia juntas uma limitada de realização de lucro e um stop: quando uma é executada, a outra é cancelada.</translation>
    </message>
    <message>
        <source>Stop price</source>
        <translation>Preço de stop</translation>
    </message>
    <message>
        <source>empty: stop market</source>
        <translation>em branco: stop a mercado</translation>
    </message>
    <message>
        <source>Trailing</source>
        <translation>Stop móvel</translation>
    </message>
    <message>
        <source>0.01–20</source>
        <translation>0,01–20</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Quantidade</translation>
    </message>
    <message>
        <source>% of balance</source>
        <translation>% do saldo</translation>
    </message>
    <message>
        <source>Time in force</source>
        <translation>Validade</translation>
    </message>
    <message>
        <source>GTC — good till cancelled</source>
        <translation>GTC — válida até cancelar</translation>
    </message>
    <message>
        <source>IOC — immediate or cancel</source>
        <translation>IOC — executa ou cancela</translation>
    </message>
    <message>
        <source>FOK — fill or kill</source>
        <translation>FOK — tudo ou nada</translation>
    </message>
    <message>
        <source>Post-only</source>
        <translation>Só maker (post-only)</translation>
    </message>
    <message>
        <source>Rejected instead of taking liquidity: the order only rests in the book (maker).</source>
        <translation>Rejeitada em vez de tomar liquidez: a ordem só fica no livro (maker).</translation>
    </message>
    <message>
        <source>Reduce-only</source>
        <translation>Só redução</translation>
    </message>
    <message>
        <source>Only reduces the position; never opens or increases one.</source>
        <translation>Só reduz a posição; nunca abre nem aumenta uma.</translation>
    </message>
    <message>
        <source>One-click trading (no confirmation)</source>
        <translation>Negociação com um clique (sem confirmação)</translation>
    </message>
    <message>
        <source>tick %1</source>
        <translation>tick %1</translation>
    </message>
    <message>
        <source>lot %1</source>
        <translation>lote %1</translation>
    </message>
    <message>
        <source>Live: orders on %1 are real orders with real money.</source>
        <translation>Real: as ordens na %1 usam dinheiro real.</translation>
    </message>
    <message>
        <source>Venue: %1</source>
        <translation>Corretora: %1</translation>
    </message>
    <message>
        <source>Confirm live order</source>
        <translation>Confirmar ordem real</translation>
    </message>
    <message>
        <source>This is a real order on %1 with real money. Place it?</source>
        <translation>Esta é uma ordem real na %1, com dinheiro real. Enviá-la?</translation>
    </message>
    <message>
        <source>%1 — live</source>
        <translation>%1 — real</translation>
    </message>
    <message>
        <source>The venue changed; check the order and submit it again.</source>
        <translation>A corretora mudou; confira a ordem e envie-a novamente.</translation>
    </message>
    <message>
        <source>Venue</source>
        <translation>Corretora</translation>
    </message>
    <message>
        <source>Where the order goes: Paper (simulated fills) or a live exchange (real money). Add an exchange key under Account → Exchange keys.</source>
        <translation>Para onde a ordem vai: Simulada (execuções simuladas) ou uma corretora real (dinheiro real). Adicione uma chave de corretora em Conta → Chaves de corretora.</translation>
    </message>
</context>
<context>
    <name>bcf::app::OrdersModel</name>
    <message>
        <source> · post-only</source>
        <translation> · só maker</translation>
    </message>
    <message>
        <source> · reduce-only</source>
        <translation> · só redução</translation>
    </message>
    <message>
        <source> · OCO</source>
        <translation> · OCO</translation>
    </message>
    <message>
        <source>Market</source>
        <translation>Mercado</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Order %1</source>
        <translation>Ordem %1</translation>
    </message>
    <message>
        <source>Placed</source>
        <translation>Enviada</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Atualizada</translation>
    </message>
    <message>
        <source>Symbol</source>
        <translation>Símbolo</translation>
    </message>
    <message>
        <source>Side</source>
        <translation>Lado</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Preço</translation>
    </message>
    <message>
        <source>Stop / trail</source>
        <translation>Stop / móvel</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Quantidade</translation>
    </message>
    <message>
        <source>Filled</source>
        <translation>Executada</translation>
    </message>
    <message>
        <source>Avg. price</source>
        <translation>Preço médio</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Situação</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Venue</source>
        <translation>Corretora</translation>
    </message>
</context>
<context>
    <name>bcf::app::PositionsModel</name>
    <message>
        <source>Long</source>
        <translation>Comprado</translation>
    </message>
    <message>
        <source>Short</source>
        <translation>Vendido</translation>
    </message>
    <message>
        <source>Flat</source>
        <translation>Zerado</translation>
    </message>
    <message>
        <source>%1 %2 (exact)</source>
        <translation>%1 %2 (exato)</translation>
    </message>
    <message>
        <source> (%1)</source>
        <translation> (%1)</translation>
    </message>
    <message>
        <source>Symbol</source>
        <translation>Símbolo</translation>
    </message>
    <message>
        <source>Side</source>
        <translation>Lado</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Quantidade</translation>
    </message>
    <message>
        <source>Avg. entry</source>
        <translation>Entrada média</translation>
    </message>
    <message>
        <source>Last</source>
        <translation>Último</translation>
    </message>
    <message>
        <source>Unrealized PnL</source>
        <translation>Resultado aberto</translation>
    </message>
    <message>
        <source>Realized PnL</source>
        <translation>Resultado realizado</translation>
    </message>
    <message>
        <source>Fees</source>
        <translation>Taxas</translation>
    </message>
</context>
<context>
    <name>bcf::app::Roles</name>
    <message>
        <source>Trader</source>
        <translation>Trader</translation>
    </message>
    <message>
        <source>Admin</source>
        <translation>Administrador</translation>
    </message>
    <message>
        <source>Support</source>
        <translation>Suporte</translation>
    </message>
    <message>
        <source>Finance</source>
        <translation>Financeiro</translation>
    </message>
    <message>
        <source>Marketing</source>
        <translation>Marketing</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>Vendas</translation>
    </message>
    <message>
        <source>Auditor</source>
        <translation>Auditor</translation>
    </message>
    <message>
        <source>No role</source>
        <translation>Sem função</translation>
    </message>
</context>
<context>
    <name>bcf::app::SentimentPane</name>
    <message>
        <source>Sentiment</source>
        <translation>Sentimento</translation>
    </message>
    <message>
        <source>Show the news sentiment of %1 under the candles: at each bar, the mean score of the news naming it fetched in the 24 hours before the bar&apos;s close, as sentiment(&quot;%1&quot;) reads it in strategies</source>
        <translation>Mostra o sentimento das notícias de %1 abaixo dos candles: em cada barra, a nota média das notícias que o citam obtidas nas 24 horas antes do fechamento da barra, como sentiment(&quot;%1&quot;) o lê nas estratégias</translation>
    </message>
    <message>
        <source>The news sentiment of %1 could not be loaded: %2</source>
        <translation>Não foi possível carregar o sentimento das notícias de %1: %2</translation>
    </message>
    <message>
        <source>%1 news sentiment (24 h mean)</source>
        <translation>Sentimento das notícias de %1 (média de 24 h)</translation>
    </message>
    <message>
        <source>could not be loaded</source>
        <translation>não foi possível carregar</translation>
    </message>
    <message>
        <source>loading…</source>
        <translation>carregando…</translation>
    </message>
    <message>
        <source>not logged in</source>
        <translation>sem sessão iniciada</translation>
    </message>
    <message>
        <source>no news in this range</source>
        <translation>nenhuma notícia neste período</translation>
    </message>
    <message>
        <source>newest %1 · items: %2</source>
        <translation>mais recente %1 · itens: %2</translation>
    </message>
</context>
<context>
    <name>bcf::app::SessionController</name>
    <message>
        <source>Remembering sessions is turned off in this build.</source>
        <translation>Lembrar sessões está desativado nesta versão.</translation>
    </message>
    <message>
        <source>The CA certificate &quot;%1&quot; cannot be read: %2</source>
        <translation>Não foi possível ler o certificado de CA &quot;%1&quot;: %2</translation>
    </message>
    <message>
        <source>The file &quot;%1&quot; is not a PEM certificate.</source>
        <translation>O arquivo &quot;%1&quot; não é um certificado PEM.</translation>
    </message>
    <message>
        <source>The server answered the login without a session.</source>
        <translation>O servidor respondeu ao login sem uma sessão.</translation>
    </message>
    <message>
        <source>The two-factor step has expired. Please log in again.</source>
        <translation>A etapa de dois fatores expirou. Entre novamente.</translation>
    </message>
    <message>
        <source>Your saved session has ended (%1). Please log in again.</source>
        <translation>Sua sessão salva terminou (%1). Entre novamente.</translation>
    </message>
    <message>
        <source>The session could not be remembered: %1</source>
        <translation>Não foi possível lembrar a sessão: %1</translation>
    </message>
    <message>
        <source>The remembered session could not be removed: %1</source>
        <translation>Não foi possível remover a sessão lembrada: %1</translation>
    </message>
    <message>
        <source>You are not logged in.</source>
        <translation>Você não está conectado.</translation>
    </message>
    <message>
        <source>The market data stream ended.</source>
        <translation>O fluxo de dados de mercado terminou.</translation>
    </message>
    <message>
        <source>Unknown timeframe %1.</source>
        <translation>Timeframe desconhecido: %1.</translation>
    </message>
    <message>
        <source>The trading stream ended.</source>
        <translation>O fluxo de negociação terminou.</translation>
    </message>
    <message>
        <source>The bots stream ended.</source>
        <translation>O fluxo dos robôs terminou.</translation>
    </message>
    <message>
        <source>The jobs stream ended.</source>
        <translation>O fluxo de jobs terminou.</translation>
    </message>
</context>
<context>
    <name>bcf::app::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Configurações</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>Conexões</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>Aparência</translation>
    </message>
    <message>
        <source>Each profile names a bcf-core server and the CA certificate that signed its TLS certificate. Choose the profile to use in the login dialog.</source>
        <translation>Cada perfil indica um servidor bcf-core e o certificado de CA que assinou o certificado TLS dele. Escolha o perfil a usar na janela de login.</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Adicionar</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remover</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>e.g. 127.0.0.1 or core.example.com</source>
        <translation>ex.: 127.0.0.1 ou core.example.com</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Porta</translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation>Certificado de CA</translation>
    </message>
    <message>
        <source>PEM file, e.g. ca.crt</source>
        <translation>Arquivo PEM, ex.: ca.crt</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Procurar…</translation>
    </message>
    <message>
        <source>You are logged in: changes to the profile in use take effect at your next login.</source>
        <translation>Você está conectado: as alterações no perfil em uso valem a partir do próximo login.</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>Tema</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation>(sem nome)</translation>
    </message>
    <message>
        <source>Every connection profile needs a name.</source>
        <translation>Todo perfil de conexão precisa de um nome.</translation>
    </message>
    <message>
        <source>Two connection profiles are named &quot;%1&quot;.</source>
        <translation>Dois perfis de conexão se chamam &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>The connection profile &quot;%1&quot; needs a host.</source>
        <translation>O perfil de conexão &quot;%1&quot; precisa de um host.</translation>
    </message>
    <message>
        <source>New profile</source>
        <translation>Novo perfil</translation>
    </message>
    <message>
        <source>New profile %1</source>
        <translation>Novo perfil %1</translation>
    </message>
    <message>
        <source>Choose the CA certificate</source>
        <translation>Escolha o certificado de CA</translation>
    </message>
    <message>
        <source>Certificates (*.crt *.pem *.cer);;All files (*)</source>
        <translation>Certificados (*.crt *.pem *.cer);;Todos os arquivos (*)</translation>
    </message>
</context>
<context>
    <name>bcf::app::StatusText</name>
    <message>
        <source>Cannot reach the server at %1.</source>
        <translation>Não foi possível acessar o servidor em %1.</translation>
    </message>
    <message>
        <source>Cannot reach the server at %1 (%2).</source>
        <translation>Não foi possível acessar o servidor em %1 (%2).</translation>
    </message>
    <message>
        <source>The server at %1 did not answer in time.</source>
        <translation>O servidor em %1 não respondeu a tempo.</translation>
    </message>
    <message>
        <source>The request was cancelled.</source>
        <translation>A solicitação foi cancelada.</translation>
    </message>
    <message>
        <source>Your session is not valid. Please log in again.</source>
        <translation>Sua sessão não é válida. Entre novamente.</translation>
    </message>
    <message>
        <source>Your role does not allow this action.</source>
        <translation>Sua função não permite esta ação.</translation>
    </message>
    <message>
        <source>Too many attempts. Please wait and try again.</source>
        <translation>Tentativas demais. Aguarde e tente novamente.</translation>
    </message>
    <message>
        <source>The server at %1 does not support this request (%2).</source>
        <translation>O servidor em %1 não suporta esta solicitação (%2).</translation>
    </message>
    <message>
        <source>not implemented</source>
        <translation>não implementado</translation>
    </message>
    <message>
        <source>The server reported an error: %1</source>
        <translation>O servidor informou um erro: %1</translation>
    </message>
    <message>
        <source>no details were given</source>
        <translation>nenhum detalhe foi informado</translation>
    </message>
    <message>
        <source>The request failed (code %1).</source>
        <translation>A solicitação falhou (código %1).</translation>
    </message>
</context>
<context>
    <name>bcf::app::StrategyEditor</name>
    <message>
        <source>Line %1, column %2: %3</source>
        <translation>Linha %1, coluna %2: %3</translation>
    </message>
    <message>
        <source>Compiles — 1 parameter</source>
        <translation>Compila — 1 parâmetro</translation>
    </message>
    <message>
        <source>Compiles — %1 parameters</source>
        <translation>Compila — %1 parâmetros</translation>
    </message>
</context>
<context>
    <name>bcf::app::StrategyLexer</name>
    <message>
        <source>Default</source>
        <translation>Padrão</translation>
    </message>
    <message>
        <source>Keyword</source>
        <translation>Palavra-chave</translation>
    </message>
    <message>
        <source>Built-in function or series</source>
        <translation>Função ou série embutida</translation>
    </message>
    <message>
        <source>Indicator</source>
        <translation>Indicador</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Número</translation>
    </message>
    <message>
        <source>String</source>
        <translation>Texto</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Comentário</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Operador</translation>
    </message>
</context>
<context>
    <name>bcf::app::StrategyOpenDialog</name>
    <message>
        <source>Open strategy</source>
        <translation>Abrir estratégia</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>Estratégia</translation>
    </message>
    <message>
        <source>Latest</source>
        <translation>Última</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Atualizada</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Versão</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Salva</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>Autor</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Comentário</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Abrir</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Excluir…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Atualizar</translation>
    </message>
    <message>
        <source>Loading your strategies…</source>
        <translation>Carregando suas estratégias…</translation>
    </message>
    <message>
        <source>The strategies could not be listed: %1</source>
        <translation>Não foi possível listar as estratégias: %1</translation>
    </message>
    <message>
        <source>v%1</source>
        <translation>v%1</translation>
    </message>
    <message>
        <source>No strategy saved yet: save one from the editor.</source>
        <translation>Nenhuma estratégia salva ainda: salve uma pelo editor.</translation>
    </message>
    <message>
        <source>Choose a strategy, and a version if not the latest.</source>
        <translation>Escolha uma estratégia e, se não for a última, uma versão.</translation>
    </message>
    <message>
        <source>The versions could not be listed: %1</source>
        <translation>Não foi possível listar as versões: %1</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>Abrindo %1…</translation>
    </message>
    <message>
        <source>The strategy could not be opened: %1</source>
        <translation>Não foi possível abrir a estratégia: %1</translation>
    </message>
    <message>
        <source>Delete strategy</source>
        <translation>Excluir estratégia</translation>
    </message>
    <message>
        <source>Delete &quot;%1&quot; and every saved version of it? This cannot be undone.</source>
        <translation>Excluir &quot;%1&quot; e todas as suas versões salvas? Isso não pode ser desfeito.</translation>
    </message>
    <message>
        <source>The strategy could not be deleted: %1</source>
        <translation>Não foi possível excluir a estratégia: %1</translation>
    </message>
    <message>
        <source>&quot;%1&quot; was deleted.</source>
        <translation>&quot;%1&quot; foi excluída.</translation>
    </message>
</context>
<context>
    <name>bcf::app::StrategyPanel</name>
    <message>
        <source>New ▾</source>
        <translation>Nova ▾</translation>
    </message>
    <message>
        <source>Start a new strategy from a template</source>
        <translation>Começar uma nova estratégia a partir de um modelo</translation>
    </message>
    <message>
        <source>From template: %1</source>
        <translation>Do modelo: %1</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>Abrir…</translation>
    </message>
    <message>
        <source>Open a strategy saved on the server</source>
        <translation>Abrir uma estratégia salva no servidor</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>Salvar…</translation>
    </message>
    <message>
        <source>Save a new version on the server</source>
        <translation>Salvar uma nova versão no servidor</translation>
    </message>
    <message>
        <source>Backtest</source>
        <translation>Backtest</translation>
    </message>
    <message>
        <source>Run the strategy over the candles of the backtest settings</source>
        <translation>Executar a estratégia sobre os candles das configurações do backtest</translation>
    </message>
    <message>
        <source>Optimize…</source>
        <translation>Otimizar…</translation>
    </message>
    <message>
        <source>Search the parameters that declare a range</source>
        <translation>Buscar os parâmetros que declaram um intervalo</translation>
    </message>
    <message>
        <source>Market</source>
        <translation>Mercado</translation>
    </message>
    <message>
        <source>Timeframe</source>
        <translation>Timeframe</translation>
    </message>
    <message>
        <source>From</source>
        <translation>De</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Até</translation>
    </message>
    <message>
        <source>Initial cash</source>
        <translation>Caixa inicial</translation>
    </message>
    <message>
        <source>Maker fee</source>
        <translation>Taxa maker</translation>
    </message>
    <message>
        <source>Taker fee</source>
        <translation>Taxa taker</translation>
    </message>
    <message>
        <source>Slippage</source>
        <translation>Slippage</translation>
    </message>
    <message>
        <source>Volume share</source>
        <translation>Parcela do volume</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>sem limite</translation>
    </message>
    <message>
        <source>At most this share of a bar&apos;s volume fills per order and bar (partial fills); 0 = no limit.</source>
        <translation>No máximo esta parcela do volume de uma barra é executada por ordem e barra (execuções parciais); 0 = sem limite.</translation>
    </message>
    <message>
        <source>Market and stop fills move this much against you.</source>
        <translation>Execuções a mercado e de stop andam isto contra você.</translation>
    </message>
    <message>
        <source>First day (UTC) of the backtest</source>
        <translation>Primeiro dia (UTC) do backtest</translation>
    </message>
    <message>
        <source>Last day (UTC) of the backtest, included</source>
        <translation>Último dia (UTC) do backtest, incluído</translation>
    </message>
    <message>
        <source>Parameters — double-click a value to change it for backtests</source>
        <translation>Parâmetros — clique duas vezes num valor para alterá-lo nos backtests</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Resumo</translation>
    </message>
    <message>
        <source>Equity</source>
        <translation>Patrimônio</translation>
    </message>
    <message>
        <source>Trades</source>
        <translation>Operações</translation>
    </message>
    <message>
        <source>Run a backtest to see its results here.</source>
        <translation>Execute um backtest para ver seus resultados aqui.</translation>
    </message>
    <message>
        <source>New strategy</source>
        <translation>Nova estratégia</translation>
    </message>
    <message>
        <source>%1 — v%2</source>
        <translation>%1 — v%2</translation>
    </message>
    <message>
        <source>Modified since it was opened or saved</source>
        <translation>Modificada desde que foi aberta ou salva</translation>
    </message>
    <message>
        <source>Discard changes</source>
        <translation>Descartar alterações</translation>
    </message>
    <message>
        <source>The strategy has changes that are not saved. Discard them?</source>
        <translation>A estratégia tem alterações não salvas. Descartá-las?</translation>
    </message>
    <message>
        <source>Opened %1, version %2.</source>
        <translation>%1 aberta, versão %2.</translation>
    </message>
    <message>
        <source>Save strategy</source>
        <translation>Salvar estratégia</translation>
    </message>
    <message>
        <source>The strategy has an error on line %1, column %2: %3
Fix it before saving.</source>
        <translation>A estratégia tem um erro na linha %1, coluna %2: %3
Corrija-o antes de salvar.</translation>
    </message>
    <message>
        <source>Saving adds version %1 of this strategy.</source>
        <translation>Salvar adiciona a versão %1 desta estratégia.</translation>
    </message>
    <message>
        <source>What changed (optional)</source>
        <translation>O que mudou (opcional)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Comentário</translation>
    </message>
    <message>
        <source>Saving %1…</source>
        <translation>Salvando %1…</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Não salva: %1</translation>
    </message>
    <message>
        <source>The strategy was not saved.

%1</source>
        <translation>A estratégia não foi salva.

%1</translation>
    </message>
    <message>
        <source>Saved %1, version %2.</source>
        <translation>%1 salva, versão %2.</translation>
    </message>
    <message>
        <source>Choose a market.</source>
        <translation>Escolha um mercado.</translation>
    </message>
    <message>
        <source>The first day must be before the last one.</source>
        <translation>O primeiro dia deve ser anterior ao último.</translation>
    </message>
    <message>
        <source>Loading %1 %2 candles…</source>
        <translation>Carregando candles %1 %2…</translation>
    </message>
    <message>
        <source>Loading %1 %2 candles… %3</source>
        <translation>Carregando candles %1 %2… %3</translation>
    </message>
    <message>
        <source>Fix the strategy&apos;s error first: %1</source>
        <translation>Corrija primeiro o erro da estratégia: %1</translation>
    </message>
    <message>
        <source>The parameters do not fit the strategy: %1</source>
        <translation>Os parâmetros não servem para a estratégia: %1</translation>
    </message>
    <message>
        <source>The candles could not be loaded: %1</source>
        <translation>Não foi possível carregar os candles: %1</translation>
    </message>
    <message>
        <source>There are no %1 %2 candles in the chosen range.</source>
        <translation>Não há candles %1 %2 no intervalo escolhido.</translation>
    </message>
    <message>
        <source>Backtesting on %1 candles…</source>
        <translation>Executando o backtest em %1 candles…</translation>
    </message>
    <message>
        <source>The backtest failed: %1</source>
        <translation>O backtest falhou: %1</translation>
    </message>
    <message>
        <source>%1 %2: trades: %3, bars: %4, in %5 s.</source>
        <translation>%1 %2: operações: %3, barras: %4, em %5 s.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; on %2 %3, %4 to %5 (UTC), %6 bars; starting with %7.</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; em %2 %3, de %4 a %5 (UTC), %6 barras; começando com %7.</translation>
    </message>
    <message>
        <source>Run on servers</source>
        <translation>Rodar nos servidores</translation>
    </message>
    <message>
        <source>Queue the strategy as a job on the compute nodes; the Jobs dock shows its progress and result</source>
        <translation>Coloca a estratégia na fila dos nós de cálculo como um job; o painel Jobs mostra o progresso e o resultado</translation>
    </message>
    <message>
        <source>Backtest on servers</source>
        <translation>Backtest nos servidores</translation>
    </message>
    <message>
        <source>Optimize on servers (grid search)</source>
        <translation>Otimizar nos servidores (busca em grade)</translation>
    </message>
    <message>
        <source>The servers refused the job: %1</source>
        <translation>Os servidores recusaram o job: %1</translation>
    </message>
    <message>
        <source>Job “%1” queued on the servers.</source>
        <translation>Job “%1” na fila dos servidores.</translation>
    </message>
    <message>
        <source>A search needs a parameter with a range (&apos;range min..max&apos;).</source>
        <translation>Uma busca precisa de um parâmetro com intervalo (&apos;range min..max&apos;).</translation>
    </message>
    <message>
        <source>The grid has %1 combinations, more than the servers&apos; limit of %2; narrow the ranges.</source>
        <translation>A grade tem %1 combinações, mais que o limite de %2 dos servidores; reduza os intervalos.</translation>
    </message>
    <message>
        <source>%1 grid</source>
        <translation>%1 grade</translation>
    </message>
</context>
<context>
    <name>bcf::app::StrategyParamsModel</name>
    <message>
        <source>%1 must be a number.</source>
        <translation>%1 deve ser um número.</translation>
    </message>
    <message>
        <source>%1 must be between %2 and %3.</source>
        <translation>%1 deve estar entre %2 e %3.</translation>
    </message>
    <message>
        <source>%1 must be a whole number.</source>
        <translation>%1 deve ser um número inteiro.</translation>
    </message>
    <message>
        <source>%1 … %2</source>
        <translation>%1 … %2</translation>
    </message>
    <message>
        <source>fixed</source>
        <translation>fixo</translation>
    </message>
    <message>
        <source>Edited; the source declares %1.</source>
        <translation>Editado; o código declara %1.</translation>
    </message>
    <message>
        <source>Double-click to change the value for backtests.</source>
        <translation>Clique duas vezes para alterar o valor nos backtests.</translation>
    </message>
    <message>
        <source>Parameter</source>
        <translation>Parâmetro</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valor</translation>
    </message>
    <message>
        <source>Range</source>
        <translation>Intervalo</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Passo</translation>
    </message>
</context>
<context>
    <name>bcf::app::ThemeManager</name>
    <message>
        <source>Light</source>
        <translation>Claro</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Escuro</translation>
    </message>
</context>
<context>
    <name>bcf::app::TradesTapeModel</name>
    <message>
        <source>Bought at %1 (buyer took the offer)</source>
        <translation>Comprado a %1 (o comprador aceitou a oferta de venda)</translation>
    </message>
    <message>
        <source>Sold at %1 (seller hit the bid)</source>
        <translation>Vendido a %1 (o vendedor aceitou a oferta de compra)</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Preço</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Quantidade</translation>
    </message>
</context>
<context>
    <name>bcf::app::TradesTapePanel</name>
    <message>
        <source>Live trades interrupted: %1 Reconnecting in %2 s.</source>
        <translation>Negócios ao vivo interrompidos: %1 Reconectando em %2 s.</translation>
    </message>
    <message>
        <source>Live trades unavailable: %1</source>
        <translation>Negócios ao vivo indisponíveis: %1</translation>
    </message>
    <message>
        <source>No trades yet.</source>
        <translation>Ainda não há negócios.</translation>
    </message>
    <message>
        <source>Recent trades could not be loaded: %1</source>
        <translation>Não foi possível carregar os negócios recentes: %1</translation>
    </message>
    <message>
        <source>Trades</source>
        <translation>Negócios</translation>
    </message>
    <message>
        <source>Trades · %1</source>
        <translation>Negócios · %1</translation>
    </message>
</context>
<context>
    <name>bcf::app::Trading</name>
    <message>
        <source>Market</source>
        <translation>A mercado</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>Limitada</translation>
    </message>
    <message>
        <source>Stop market</source>
        <translation>Stop a mercado</translation>
    </message>
    <message>
        <source>Stop limit</source>
        <translation>Stop limitada</translation>
    </message>
    <message>
        <source>Trailing stop</source>
        <translation>Stop móvel</translation>
    </message>
    <message>
        <source>GTC</source>
        <translation>GTC</translation>
    </message>
    <message>
        <source>IOC</source>
        <translation>IOC</translation>
    </message>
    <message>
        <source>FOK</source>
        <translation>FOK</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Desconhecida</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Nova</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>Enviada</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Aberta</translation>
    </message>
    <message>
        <source>Partially filled</source>
        <translation>Parcialmente executada</translation>
    </message>
    <message>
        <source>Filled</source>
        <translation>Executada</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelada</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Rejeitada</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Expirada</translation>
    </message>
    <message>
        <source>Buy</source>
        <translation>Compra</translation>
    </message>
    <message>
        <source>Sell</source>
        <translation>Venda</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Ativa</translation>
    </message>
    <message>
        <source>Reduce only</source>
        <translation>Só redução</translation>
    </message>
    <message>
        <source>Halted</source>
        <translation>Suspensa</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>Simulada</translation>
    </message>
    <message>
        <source>Binance (live)</source>
        <translation>Binance (real)</translation>
    </message>
    <message>
        <source>Binance</source>
        <translation>Binance</translation>
    </message>
</context>
<context>
    <name>bcf::app::TradingPanel</name>
    <message>
        <source>Your role does not include trading.</source>
        <translation>Seu perfil não inclui negociação.</translation>
    </message>
    <message>
        <source>Live trading updates interrupted: %1 Reconnecting in %2 s.</source>
        <translation>Atualizações de negociação ao vivo interrompidas: %1 Reconectando em %2 s.</translation>
    </message>
    <message>
        <source>Live trading updates unavailable: %1</source>
        <translation>Atualizações de negociação ao vivo indisponíveis: %1</translation>
    </message>
    <message>
        <source>Open orders could not be loaded: %1</source>
        <translation>Não foi possível carregar as ordens abertas: %1</translation>
    </message>
    <message>
        <source>The order history could not be loaded: %1</source>
        <translation>Não foi possível carregar o histórico de ordens: %1</translation>
    </message>
    <message>
        <source>Fills could not be loaded: %1</source>
        <translation>Não foi possível carregar as execuções: %1</translation>
    </message>
    <message>
        <source>%1 %2 %3 %4</source>
        <translation>%1 %2 %3 %4</translation>
    </message>
    <message>
        <source>Order filled: %1 at %2</source>
        <translation>Ordem executada: %1 a %2</translation>
    </message>
    <message>
        <source>Order cancelled: %1</source>
        <translation>Ordem cancelada: %1</translation>
    </message>
    <message>
        <source>Order cancelled: %1 — %2</source>
        <translation>Ordem cancelada: %1 — %2</translation>
    </message>
    <message>
        <source>Order rejected: %1 — %2</source>
        <translation>Ordem rejeitada: %1 — %2</translation>
    </message>
    <message>
        <source>Order expired: %1 — %2</source>
        <translation>Ordem expirada: %1 — %2</translation>
    </message>
    <message>
        <source>Fill: %1 %2 %3 at %4 (%5)</source>
        <translation>Execução: %1 %2 %3 a %4 (%5)</translation>
    </message>
    <message>
        <source>maker</source>
        <translation>maker</translation>
    </message>
    <message>
        <source>taker</source>
        <translation>taker</translation>
    </message>
    <message>
        <source>Risk: account %1 → %2. %3</source>
        <translation>Risco: conta %1 → %2. %3</translation>
    </message>
    <message>
        <source>Reconciliation with %1: %2</source>
        <translation>Conciliação com %1: %2</translation>
    </message>
    <message>
        <source>Equity —</source>
        <translation>Patrimônio —</translation>
    </message>
    <message>
        <source>Equity %1 %2</source>
        <translation>Patrimônio %1 %2</translation>
    </message>
    <message>
        <source>Unrealized PnL %1 · Realized PnL %2 · Fees %3</source>
        <translation>Resultado aberto %1 · Resultado realizado %2 · Taxas %3</translation>
    </message>
    <message>
        <source>Nothing but cancels is accepted until trading is resumed.</source>
        <translation>Só cancelamentos são aceitos até que a negociação seja retomada.</translation>
    </message>
    <message>
        <source>Only orders that reduce a position are accepted until trading is resumed.</source>
        <translation>Só ordens que reduzem uma posição são aceitas até que a negociação seja retomada.</translation>
    </message>
    <message>
        <source>Orders are accepted.</source>
        <translation>Ordens são aceitas.</translation>
    </message>
    <message>
        <source>No open orders.</source>
        <translation>Nenhuma ordem aberta.</translation>
    </message>
    <message>
        <source>Cancel failed: %1</source>
        <translation>Falha ao cancelar: %1</translation>
    </message>
    <message>
        <source>Cancel all orders</source>
        <translation>Cancelar todas as ordens</translation>
    </message>
    <message>
        <source>Cancel all failed: %1</source>
        <translation>Falha ao cancelar todas: %1</translation>
    </message>
    <message>
        <source>Trading resumed; account %1. Reason: %2</source>
        <translation>Negociação retomada; conta %1. Motivo: %2</translation>
    </message>
    <message>
        <source>Open orders</source>
        <translation>Ordens abertas</translation>
    </message>
    <message>
        <source>Order history</source>
        <translation>Histórico de ordens</translation>
    </message>
    <message>
        <source>Fills</source>
        <translation>Execuções</translation>
    </message>
    <message>
        <source>Positions</source>
        <translation>Posições</translation>
    </message>
    <message>
        <source>Balances</source>
        <translation>Saldos</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Eventos</translation>
    </message>
    <message>
        <source>Cancel all</source>
        <translation>Cancelar todas</translation>
    </message>
    <message>
        <source>Cancels every open order of the account.</source>
        <translation>Cancela todas as ordens abertas da conta.</translation>
    </message>
    <message>
        <source>Open orders: %1</source>
        <translation>Ordens abertas: %1</translation>
    </message>
    <message>
        <source>Cancel all open orders (%1), including those of your bots?</source>
        <translation>Cancelar todas as ordens abertas (%1), inclusive as dos seus robôs?</translation>
    </message>
    <message>
        <source>Cancel requests sent: %1.</source>
        <translation>Pedidos de cancelamento enviados: %1.</translation>
    </message>
    <message>
        <source>Kill switch: orders cancelled %1, positions closed %2; account %3. Reason: %4</source>
        <translation>Parada de emergência: ordens canceladas %1, posições fechadas %2; conta %3. Motivo: %4</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>The portfolio of %1 could not be loaded: %2</source>
        <translation>Não foi possível carregar a carteira (%1): %2</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 em %2</translation>
    </message>
    <message>
        <source>Venue</source>
        <translation>Corretora</translation>
    </message>
    <message>
        <source>The venue whose equity, positions and balances are shown. Orders and fills of every venue are listed, with their venue.</source>
        <translation>A corretora cujo patrimônio, posições e saldos são mostrados. Ordens e execuções de todas as corretoras são listadas, cada uma com a sua corretora.</translation>
    </message>
</context>
<context>
    <name>bcf::app::WorkspacePanel</name>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 d %2 h</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation>Área de trabalho</translation>
    </message>
    <message>
        <source>SERVER</source>
        <translation>SERVIDOR</translation>
    </message>
    <message>
        <source>SERVER DEPENDENCIES</source>
        <translation>DEPENDÊNCIAS DO SERVIDOR</translation>
    </message>
    <message>
        <source>YOUR ACCOUNT</source>
        <translation>SUA CONTA</translation>
    </message>
    <message>
        <source>Permissions</source>
        <translation>Permissões</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Waiting for the server&apos;s first answer…</source>
        <translation>Aguardando a primeira resposta do servidor…</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Não conectado</translation>
    </message>
    <message>
        <source>Not reported yet</source>
        <translation>Ainda não informado</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Endereço</translation>
    </message>
    <message>
        <source>Component</source>
        <translation>Componente</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Versão</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Nó</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Iniciado em</translation>
    </message>
    <message>
        <source>%1 (up %2)</source>
        <translation>%1 (ativo há %2)</translation>
    </message>
    <message>
        <source>Server time</source>
        <translation>Hora do servidor</translation>
    </message>
    <message>
        <source>Clock offset</source>
        <translation>Diferença de relógio</translation>
    </message>
    <message>
        <source>%1%2 ms</source>
        <translation>%1%2 ms</translation>
    </message>
    <message>
        <source>This computer&apos;s clock differs from the server&apos;s by more than a second; two-factor codes and charts may be affected.</source>
        <translation>O relógio deste computador difere do relógio do servidor em mais de um segundo; códigos de dois fatores e gráficos podem ser afetados.</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latência</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>The server reported no dependencies.</source>
        <translation>O servidor não informou dependências.</translation>
    </message>
    <message>
        <source>Not logged in</source>
        <translation>Não conectado</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Usuário</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Função</translation>
    </message>
    <message>
        <source>Two-factor</source>
        <translation>Dois fatores</translation>
    </message>
    <message>
        <source>On</source>
        <translation>Ativada</translation>
    </message>
    <message>
        <source>Off — enable it in Account → Account security</source>
        <translation>Desativada — ative em Conta → Segurança da conta</translation>
    </message>
    <message>
        <source>Session expires</source>
        <translation>A sessão expira em</translation>
    </message>
    <message>
        <source>Remembered</source>
        <translation>Lembrada</translation>
    </message>
    <message>
        <source>Yes, in the system keychain</source>
        <translation>Sim, no chaveiro do sistema</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Não</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Nenhuma</translation>
    </message>
    <message>
        <source>up</source>
        <translation>ativo</translation>
    </message>
    <message>
        <source>down: %1</source>
        <translation>fora do ar: %1</translation>
    </message>
    <message>
        <source>version %1</source>
        <translation>versão %1</translation>
    </message>
    <message>
        <source>not ready</source>
        <translation>não pronto</translation>
    </message>
    <message>
        <source>Database schema</source>
        <translation>Esquema do banco de dados</translation>
    </message>
    <message>
        <source>Welcome, %1. You are connected to %2 (%3).</source>
        <translation>Bem-vindo(a), %1. Você está conectado(a) a %2 (%3).</translation>
    </message>
</context>
<context>
    <name>bcf::app::Workstation</name>
    <message>
        <source>Your session has ended: %1</source>
        <translation>Sua sessão terminou: %1</translation>
    </message>
    <message>
        <source>Sessions cannot be remembered on this computer: %1</source>
        <translation>Não é possível lembrar sessões neste computador: %1</translation>
    </message>
    <message>
        <source>The server cannot be reached to resume your saved session. Next attempt in %1 s; you may also log in with your password.</source>
        <translation>Não foi possível contatar o servidor para retomar sua sessão salva. Nova tentativa em %1 s; você também pode entrar com sua senha.</translation>
    </message>
    <message>
        <source>BTC grid</source>
        <translation>Grid BTC</translation>
    </message>
</context>
</TS>
